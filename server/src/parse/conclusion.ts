// What a rationale concludes: medically necessary (the treatment should be authorized,
// i.e. Overturned) or not (Upheld). Letters end their rationale in about ten wordings;
// the conclusion is the last unquoted mention of medical necessity, read with its own
// clause so that a guideline sentence quoted earlier does not decide.

export type Conclusion = 'necessary' | 'notNecessary' | 'unclear';

const MENTION = /medical(?:ly)?[\s-]+necess(?:ary|ity)|\b(?:is|are|was)\s+not\s+necessary\b/gi;
const NEGATION_BEFORE = /(?:\bnot\b|\bcannot\b|\bno\b|\bnon\b|\bnor\b|\bwithout\b|not-)/i;
const NEGATION_AFTER = /^\s*(?:of\s+[^.;]{0,60}?)?(?:has|have|is|was|were|are)\s+(?:not|yet\s+to)\b/i;

/**
 * Where the last `. ` or `? ` at or before `at` starts (-1 if none): one backward scan that
 * stops at the nearest, where two lastIndexOf calls would run to the text's start for the
 * mark the rationale never uses.
 */
function lastSentenceBreak(text: string, at: number): number {
  for (let p = Math.min(at, text.length - 1); p >= 0; p--) {
    const c = text.charCodeAt(p);
    if ((c === 46 || c === 63) && text.charCodeAt(p + 1) === 32) return p;
  }
  return -1;
}

/**
 * The item's own name restated in the conclusion (`MRI of the knee without contrast`,
 * `Non-steroidal anti-inflammatory drugs`) must not count as a negation: its words are
 * blanked (same length, so positions hold) before the mentions are read.
 */
function withoutName(text: string, name: string | undefined): string {
  const words = name?.trim().split(/\s+/).filter(Boolean);
  if (!words || words.length === 0 || name!.trim().length < 3) return text;
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'gi');
  return text.replace(re, (m) => 'x'.repeat(m.length));
}

/** A clause's words before the verb that carries the conclusion (`the request for X [is not] ...`). */
const REQUEST_FOR = /\brequest(?:s|ed)?\s+for\b/i;
const CLAUSE_VERB = /\s(?:is|are|was|were|cannot|can|could|would|will|should|does|do|did|has|have|had|remains?)\b/gi;

function fromVerb(clause: string): string {
  const r = REQUEST_FOR.exec(clause);
  if (!r) return clause;
  // The subject (`the request for <name>`) says nothing about the conclusion: read from its last verb on.
  let at = -1;
  CLAUSE_VERB.lastIndex = r.index + r[0].length;
  for (let m = CLAUSE_VERB.exec(clause); m; m = CLAUSE_VERB.exec(clause)) at = m.index;
  return at < 0 ? clause : clause.slice(at);
}

export function rationaleConclusion(raw: string, name?: string): Conclusion {
  const text = withoutName(raw, name);
  let result: Conclusion = 'unclear';
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(text); m; m = MENTION.exec(text)) {
    const at = m.index;
    const sentenceStart = lastSentenceBreak(text, at) + 1;
    // Inside a quotation (an odd number of quote marks since the sentence began): a guideline speaking.
    const before = text.slice(sentenceStart, at);
    const sentenceEnd = text.indexOf('. ', at);
    const rest = text.slice(at, sentenceEnd < 0 ? text.length : sentenceEnd);
    if ((before.match(/["\u201c\u201d]/g)?.length ?? 0) % 2 === 1 && /["\u201c\u201d]/.test(rest)) continue;
    if (/not\s+necessary/i.test(m[0])) {
      result = 'notNecessary';
      continue;
    }
    // The clause the mention stands in: back to the last comma/semicolon, at most 70 characters.
    const clauseStart = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.length - 70, 0);
    const clause = fromVerb(before.slice(clauseStart));
    const after = text.slice(at + m[0].length, at + m[0].length + 90);
    const noun = /necessity/i.test(m[0]);
    const negative = NEGATION_BEFORE.test(clause) || (noun && NEGATION_AFTER.test(after));
    // "medical necessity" alone concludes nothing ("this decision addresses the medical necessity of ...").
    if (negative) result = 'notNecessary';
    else if (!noun) result = 'necessary';
  }
  return result;
}

/**
 * The concluding sentence of a rationale: the sentence of its last mention of medical necessity
 * (offsets into `raw`), or null when it never mentions it.
 */
export function concludingSentence(raw: string): { start: number; end: number } | null {
  let last = -1;
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(raw); m; m = MENTION.exec(raw)) last = m.index;
  if (last < 0) return null;
  const start = lastSentenceBreak(raw, last) + 1;
  const stop = raw.indexOf('. ', last);
  return { start: start === 0 ? 0 : start + 1, end: stop < 0 ? raw.length : stop + 1 };
}

// The requested quantity of a therapy item, read from its name: `Physical therapy 2 times a
// week for 6 weeks` asks for 12 visits. Letters write the number in a dozen forms (2x4,
// `two times a week for three weeks`, `Eight (8) ... sessions`, `#8`, `x 8`, `times 12`,
// `12-18 sessions`); only therapy-like items get a request, so a drug's `#60` is never read
// as visits. The reader is pure string work on the name: the parser maps its span into the
// document.
import type { Request, Span, TextPart, TherapyKind } from '../model/types';
import type { JoinedText } from './joinedText';

const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  'twenty-four': 24,
  'twenty four': 24,
  once: 1,
  twice: 2,
  thrice: 3,
};
const NUM = String.raw`(?:\d{1,2}|twenty[- ]four|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)`;
const RANGE = String.raw`${NUM}(?:\s*(?:-|\u2013|to|or)\s*${NUM})?`;
const NOUN = String.raw`(?:sessions?|visits?|treatments?)`;

// `2 times a week for 4 weeks`, `3 visits per week for 2 weeks`, `twice a week for 3 weeks`,
// `two times a week times six weeks`, `2 times weekly for 6 weeks`, `1 to 2 times per week for 4 weeks`,
// `2 x week for 4 weeks`, `2/week for 6 weeks`.
const WEEKLY = new RegExp(
  String.raw`\b(?:(${RANGE})\s*(?:(?:times?|x|${NOUN})\s*(?:(?:a|per|each|every|\/)\s*)?|\/\s*)|(twice|once|thrice)\s+(?:(?:a|per|each|every|\/)\s*)?)(?:(?:week|wk)\b|weekly\b)` +
    String.raw`(?:[\s,]*(?:for|times|x|over|during)\s*(?:a\s+period\s+of\s+)?(${RANGE})\s*(?:weeks?|wks?)\b)?`,
  'gi',
);
// `for 2 weeks, 3 times a week`: the weeks first.
const WEEKS_FIRST = new RegExp(
  String.raw`\b(?:for|over)\s+(${RANGE})\s*(?:weeks?|wks?)\b[\s,]*(?:at\s+)?(${RANGE})\s*(?:times?|x|${NOUN})\s*(?:a|per|each|every|\/)\s*(?:week|wk)\b`,
  'gi',
);
// `2x4`, `(2x4)`, `2 x 4`.
const BY = /\(?\b(\d{1,2})\s*[x\u00d7]\s*(\d{1,2})\b(?!\s*(?:mg|ml|cm|mm|%|\/))\)?/gi;
// `1 times 6`, `two times four` (a week for weeks, unstated).
const TIMES_BY = new RegExp(String.raw`\b(${NUM})\s+times\s+(${NUM})\b(?!\s*(?:a|per)\s+(?:week|day))(?:\s*weeks?\b)?`, 'gi');
// `12 sessions`, `Eight (8) physical therapy sessions`, `Twelve sessions of ...`, `12-18 sessions`.
const COUNT = new RegExp(
  String.raw`\b(${RANGE})(?:\s*\(\s*(?:\d{1,3}|${NUM})\s*\))?\s+(?:(?!(?:times|for|per|a|weeks?|x|and)\b)[A-Za-z][A-Za-z/-]*\s+){0,4}?${NOUN}\b`,
  'gi',
);
// `sessions, 12`, `#2` after the noun.
const COUNT_AFTER = new RegExp(String.raw`\b${NOUN}\s*,?\s*#?\s*(\d{1,2})\b(?!\s*(?:mins?|minutes|hours?|days?|weeks?|\/))`, 'gi');
// `(8)`, `(12 sessions)` after a frequency: the total.
const PAREN = new RegExp(String.raw`\(\s*(\d{1,3})\s*(?:${NOUN})?\s*\)`, 'gi');
// `x 8`, `X8`, `times 6`.
const TIMES = new RegExp(String.raw`(?:\btimes|\bx)\s*(${NUM})\b(?!\s*(?:a|per)\s+(?:week|day)|\s*(?:days?|months?|mg))`, 'gi');
const HASH = /#\s*(\d{1,3})\b/g;
// `qty 8`, `(quantity: 8)`.
const QUANTITY = /\b(?:qty|quantity)\s*[:.]?\s*(\d{1,3})\b/gi;

const KINDS: [TherapyKind, RegExp][] = [
  ['aquatic', /\b(?:aqua(?:tic)?|pool)\s*therap/i],
  ['physical', /\bphysical\s+therap|\bphysiotherap|\btherapeutic\s+exercise/i],
  ['physical', /\bPT\b/],
  ['occupational', /\boccupational\s+therap/i],
  ['occupational', /\bOT\b/],
  // Hand therapy is given by (certified hand) occupational therapists.
  ['occupational', /\bhand\s+therap/i],
  ['chiropractic', /\bchiro|\bmanipulat|\bmanual\s+therap/i],
  ['acupuncture', /acupunct/i],
  ['massage', /\bmassage|\bmyofascial\s+release/i],
  ['modality', /\belectrical\s+(?:muscle\s+)?stimulation|\be-?stim\b|\bultrasound\b|\binfrared\b|\bbiofeedback\b/i],
];
// `PT` is case-sensitive (a word `pt` is rare in names; `PT/PTT` is a lab test).
const PT_LAB = /\bPT\s*\/\s*PTT\b/g;
const POST_OP = /\bpost[\s-]*op(?:erative)?\b|\bpost[\s-]*surgical\b|\bassociated surgical service\b/i;
// Imaging or a device that shares a word with a modality: `Ultrasound of the shoulder`, `TENS unit`.
const NOT_VISITS = /\b(?:unit|pad|wrap|guided|guidance|imaging|diagnostic)\b/i;

const SIDE = String.raw`(?:(?:left|right|bilateral|both)\s+)?`;
const BODY = new RegExp(
  String.raw`\b${SIDE}(?:(?:cervical|thoracic|lumbar|lumbosacral)(?:\s*\/\s*(?:cervical|thoracic|lumbar))?(?:\s+spine)?|low(?:er)?\s+back|upper\s+back|back|neck|shoulders?|elbows?|wrists?(?:\s*\/\s*hand)?|hands?(?:\s*\/\s*fingers?)?|fingers?|hips?|knees?|ankles?|foot|feet|lower\s+leg|legs?|trapezius|head)\b`,
  'gi',
);

function num(s: string | undefined): [number, number] | null {
  if (!s) return null;
  const parts = s
    .toLowerCase()
    .split(/\s*(?:-|\u2013|\bto\b|\bor\b)\s*/)
    .filter(Boolean);
  // `twenty-four` is one number, not a range.
  if (/twenty[- ]four/i.test(s)) return [24, 24];
  const vals = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : WORDS[p])).filter((n) => n !== undefined && n > 0);
  if (vals.length === 0) return null;
  return [Math.min(...vals), Math.max(...vals)];
}

/** The kind of therapy a name asks for, or undefined. */
export function therapyKind(name: string): TherapyKind | undefined {
  const n = name.replace(PT_LAB, '');
  for (const [kind, re] of KINDS) if (re.test(n)) return kind;
  return undefined;
}

type Range = [number, number];

/**
 * The name being read: each form found is blanked out of `work`, so that a later, looser form
 * cannot read the same words again, and its span is kept for the request's text.
 */
class MaskedName {
  private work: string;
  readonly pieces: Span[] = [];
  constructor(name: string) {
    this.work = name;
  }
  /** Every match of `re` in what is left; those `read` accepts (returns true for) are masked. */
  each(re: RegExp, read: (m: RegExpExecArray) => boolean): void {
    re.lastIndex = 0;
    for (const m of [...this.work.matchAll(re)] as RegExpExecArray[]) {
      if (!read(m)) continue;
      this.pieces.push({ start: m.index, end: m.index + m[0].length });
      this.work = this.work.slice(0, m.index) + ' '.repeat(m[0].length) + this.work.slice(m.index + m[0].length);
    }
  }
}

interface Frequency {
  perWeek: Range | null;
  weeks: Range | null;
  total: Range | null;
}

/** A frequency: `2 times a week for 4 weeks` first, then the bare `2x4` and `two times four`. */
function readFrequency(name: MaskedName): Frequency {
  const f: Frequency = { perWeek: null, weeks: null, total: null };
  name.each(WEEKS_FIRST, (m) => {
    const w = num(m[1]);
    const pw = num(m[2]);
    if (!w || !pw || f.perWeek) return false;
    f.perWeek = pw;
    f.weeks = w;
    f.total = [pw[0] * w[0], pw[1] * w[1]];
    return true;
  });
  name.each(WEEKLY, (m) => {
    const pw = num(m[1]) ?? num(m[2]);
    if (!pw) return false;
    f.perWeek ??= pw;
    const w = num(m[3]);
    if (w && !f.weeks) {
      f.weeks = w;
      f.total = [pw[0] * w[0], pw[1] * w[1]];
    }
    return true;
  });
  // `2x4` and `two times four` read alike: a week's visits by the weeks (num() is 0-safe for digits too).
  for (const re of [BY, TIMES_BY]) {
    name.each(re, (m) => {
      const a = num(m[1]);
      const b = num(m[2]);
      if (!a || !b) return false;
      f.perWeek ??= a;
      f.weeks ??= b;
      f.total ??= [a[0] * b[0], a[1] * b[1]];
      return true;
    });
  }
  return f;
}

/** The first number any of `res` reads (its group 1), masking every one read. */
function firstCount(name: MaskedName, res: RegExp[]): Range | null {
  let first: Range | null = null;
  for (const re of res) {
    name.each(re, (m) => {
      const c = num(m[1]);
      if (c) first ??= c;
      return c !== null;
    });
  }
  return first;
}

/** The total of visits: a count stated outright wins over one computed from a frequency. */
function readTotal(name: MaskedName, freq: Frequency): Range | null {
  let counted: Range | null = null;
  for (const re of [COUNT, COUNT_AFTER]) {
    name.each(re, (m) => {
      const c = num(m[1]);
      if (!c) return false;
      // Two counts (`two sessions for the knee and eight sessions for the wrist`) add up.
      counted = counted ? [counted[0] + c[0], counted[1] + c[1]] : c;
      return true;
    });
  }
  const paren = firstCount(name, [PAREN]);
  const times = firstCount(name, [TIMES, HASH, QUANTITY]);
  return counted ?? paren ?? freq.total ?? times;
}

/** The span of the name that states the request: from the first form read to the last. */
function requestSpan(name: string, pieces: Span[]): Span {
  const start = Math.min(...pieces.map((p) => p.start));
  let end = Math.max(...pieces.map((p) => p.end));
  // `(12 sessions)`: the count was read inside the brackets; keep them whole.
  if (name.charCodeAt(end) === 41 && name.lastIndexOf('(', end) >= start && name.lastIndexOf(')', end - 1) < name.lastIndexOf('(', end)) end++;
  return { start, end };
}

/**
 * The request an item name states, or null when the item is not therapy-like. A therapy
 * item whose name gives no number gets a request without `visits` (text '').
 */
export function readRequest(name: string): Request | null {
  const kind = therapyKind(name);
  if (!kind) return null;
  // A modality named without a visit form is a device or a test (`Ultrasound of the knee`).
  if (kind === 'modality' && NOT_VISITS.test(name)) return null;
  const masked = new MaskedName(name);
  // The order matters: each form masks what it read before the next, looser one looks.
  const freq = readFrequency(masked);
  const total = readTotal(masked, freq);
  const pieces = masked.pieces;
  // A modality named without any number is a device or a test (`E-stim`, `Ultrasound of the knee`).
  if (kind === 'modality' && pieces.length === 0) return null;

  const req: Request = { kind, text: '', span: { start: 0, end: 0 } };
  if (total) {
    req.visits = total[1];
    if (total[0] !== total[1]) req.minVisits = total[0];
  }
  if (freq.perWeek) req.perWeek = freq.perWeek[1];
  if (freq.weeks) req.weeks = freq.weeks[1];
  if (POST_OP.test(name)) req.postOperative = true;
  const body = bodyParts(name);
  if (body) req.bodyPart = body;
  if (pieces.length > 0) {
    req.span = requestSpan(name, pieces);
    req.text = name.slice(req.span.start, req.span.end);
  }
  return req;
}

function bodyParts(name: string): string | undefined {
  const seen: string[] = [];
  BODY.lastIndex = 0;
  for (const m of name.matchAll(BODY)) {
    const p = m[0].replace(/\s+/g, ' ');
    if (!seen.some((s) => s.toLowerCase() === p.toLowerCase())) seen.push(p);
  }
  return seen.length > 0 ? seen.join(', ') : undefined;
}

/** `12 visits: 2 a week for 6 weeks` (markdown-free, for hover and messages). */
export function describeRequest(r: Request): string {
  const visits =
    r.visits === undefined
      ? 'no number of visits stated'
      : `${r.minVisits !== undefined ? `${r.minVisits}-` : ''}${r.visits} visit${r.visits === 1 ? '' : 's'}`;
  const freq = r.perWeek !== undefined ? `${r.perWeek} a week${r.weeks !== undefined ? ` for ${r.weeks} week${r.weeks === 1 ? '' : 's'}` : ''}` : '';
  return freq ? `${visits}: ${freq}` : visits;
}

/**
 * The request of a parsed item name, its span moved into the document: `joined` is the
 * joined text the name was cut from (the parser's), so the offsets map through its fold map.
 */
export function readItemRequest(name: TextPart, joined: JoinedText): Request | null {
  const r = readRequest(name.text);
  if (!r) return null;
  // The last occurrence: a partial authorization's preamble can repeat the same words earlier.
  const base = joined.text.lastIndexOf(name.text);
  if (base < 0 || r.text === '') r.span = { start: name.span.start, end: name.span.start };
  else r.span = joined.span(base + r.span.start, base + r.span.end);
  return r;
}

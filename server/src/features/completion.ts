// Completion in guideline fields and item headers, from the text around the cursor (a
// half-typed draft may have no model for the line being typed):
//   `Decision based on MTUS ` / `..., and `   guideline names as letters write them
//   `Section(s): ` / `Section(s): a, `        section names of that guideline
//   `Page(s): `                               page ranges of that guideline's topics
//   `<item>: ` in the issues section          Upheld / Overturned
// Every item replaces exactly the partly typed word(s) and carries the hover's markdown.
// Edits stay on the cursor's line (VS Code rejects multi-line completion ranges): when the
// typed words began on an earlier line (a name wrapped over lines), an item replaces only
// the words on the cursor's line and inserts the rest of its name, and a name that does not
// go on from the earlier words is not offered.
import { letterAt } from '../model/letters';
import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { Determination, SectionKind } from '../model/types';
import { normalizeName, parsePageRanges } from '../mtus/names';
import type { KnowledgeBase } from '../mtus/query';
import type { KbGuideline } from '../mtus/types';
import { letterDate } from './letterDate';
import { decisionMarkdown, guidelineMarkdown, topicMarkdown, VERIFIED } from './markdown';

/** How far back the context is read. */
const LOOK_BACK = 800;

const AFTER_MTUS_RE = /Decision\s+based\s+on:?\s+MTUS:?\s+((?:[^\s,.;:()]+\s+){0,8}[^\s,.;:()]*)$/i;
const AFTER_AND_RE = /,\s+and\s+((?:[^\s,.;:()]+\s+){0,8}[^\s,.;:()]*)$/i;
const SECTION_LABEL_RE = /Sections?\s?\(s\)\s?:|Sections?\s?:/gi;
const PAGE_LABEL_RE = /Pages?\s?\(s\)\s?:\s*([\d\s,-]*)$/i;
const MTUS_START_RE = /Decision\s+based\s+on:?\s+MTUS:?\s+/gi;
const FIELD_OR_HEADER_LABEL_RE =
  /^\s*(?:Claims Administrator guideline|MAXIMUS guideline|Decision rationale|Case Number|Date Assigned|Decision Date|Priority|Date of Injury|UR Denial Date|Application Received|Received|State\(s\) of Licensure|Certification\(s\)\/Specialty|The Expert Reviewer has the following credentials)\s*$/i;
const OUTCOME_PARTIAL_RE = /^[A-Za-z]*$/;
const NOT_IN_ITEMS: ReadonlySet<SectionKind> = new Set(['determinationProcess', 'clinicalCaseSummary', 'documentsReviewed', 'reviewerQualifications']);

export function getCompletions(file: Determination, offset: number, kb: KnowledgeBase): CompletionItem[] {
  // The letter under the cursor: its sections decide where items go, its date the edition.
  const model = letterAt(file, offset);
  const text = model.text;
  const at = Math.max(0, Math.min(offset, text.length));
  const from = Math.max(0, at - LOOK_BACK);
  const before = text.slice(from, at);

  const pages = PAGE_LABEL_RE.exec(before);
  if (pages) {
    const typed = pages[1].replace(/^\s+/, '');
    return onCursorLine(model, at - typed.length, at, pageCompletions(model, kb, before, at, pages));
  }

  // `, and ` inside an MTUS citation starts the next guideline (letters join guidelines so).
  const g = AFTER_MTUS_RE.exec(before) ?? (insideMtusCitation(before) ? AFTER_AND_RE.exec(before) : null);
  if (g) return onCursorLine(model, at - g[1].length, at, guidelineCompletions(model, kb, at - g[1].length, at));

  const sections = sectionContext(before);
  if (sections) return onCursorLine(model, from + sections.partialAt, at, sectionCompletions(model, kb, before, from, at, sections));

  return outcomeCompletions(model, at);
}

function range(model: Determination, start: number, end: number): Range {
  return { start: model.lines.positionAt(start), end: model.lines.positionAt(end) };
}

/**
 * Keeps every edit on the cursor's line. `start` is where the typed words begin; when that is
 * on an earlier line, the words typed there must begin the item's text (compared with white
 * space collapsed, case-insensitively): the item then inserts only the rest, over the words
 * typed on the cursor's line. Items that do not go on from those words are dropped.
 */
function onCursorLine(model: Determination, start: number, at: number, items: CompletionItem[]): CompletionItem[] {
  const cursor = model.lines.positionAt(at);
  const lineStart = model.lines.lineStarts[cursor.line];
  if (start >= lineStart) return items;
  const earlier = model.text.slice(start, lineStart).replace(/\s+/g, ' ').toLowerCase();
  const r: Range = { start: { line: cursor.line, character: 0 }, end: cursor };
  const out: CompletionItem[] = [];
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit)) continue;
    const full = edit.newText.replace(/\s+/g, ' ').toLowerCase();
    // A line break reads as a space between words, but as nothing after a hyphen (`98-` / `99`).
    const typed = full.startsWith(earlier) ? earlier : full.startsWith(earlier.trimEnd()) ? earlier.trimEnd() : null;
    const rest = typed === null ? null : restAfter(edit.newText, typed.length);
    if (rest === null) continue;
    out.push({ ...item, textEdit: { range: r, newText: rest }, filterText: rest });
  }
  return out;
}

/** The part of `s` after its first `n` characters counted with white space runs as one space. */
function restAfter(s: string, n: number): string | null {
  let i = 0;
  let counted = 0;
  while (i < s.length && counted < n) {
    if (/\s/.test(s[i])) {
      while (i < s.length && /\s/.test(s[i])) i++;
    } else i++;
    counted++;
  }
  return counted === n ? s.slice(i) : null;
}

// ------------------------------------------------------------------ guidelines

const DECISION_BASED_RE = /Decision\s+based\s+on/gi;

function insideMtusCitation(before: string): boolean {
  let i = -1;
  DECISION_BASED_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DECISION_BASED_RE.exec(before))) i = m.index;
  if (i < 0) return false;
  const tail = before.slice(i);
  return /^Decision\s+based\s+on:?\s+MTUS\b/i.test(tail) && !/\.\s+[A-Z]/.test(tail);
}

function guidelineCompletions(model: Determination, kb: KnowledgeBase, start: number, end: number): CompletionItem[] {
  const r = range(model, start, end);
  const date = letterDate(model);
  const oldStyle = model.layout === '2014-2015';
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  kb.guidelines.forEach((g, gi) => {
    g.citeAs.forEach((name, ni) => {
      const key = normalizeName(name);
      if (seen.has(key)) return;
      seen.add(key);
      const withYear = /\b(19|20)\d\d\b/.test(name);
      const rank = (oldStyle ? (withYear ? 1 : 0) : withYear ? 0 : 1) * 1000 + gi * 10 + ni;
      items.push({
        label: name,
        kind: CompletionItemKind.Module,
        detail: g.title,
        documentation: { kind: 'markdown', value: guidelineMarkdown(g, kb, date) },
        textEdit: { range: r, newText: name },
        filterText: name,
        sortText: String(rank).padStart(5, '0'),
      });
    });
  });
  return items;
}

// ------------------------------------------------------------------ sections

interface SectionCtx {
  /** Offset in `before` of the label. */
  labelAt: number;
  /** Offset in `before` where the typed partial name starts. */
  partialAt: number;
}

function sectionContext(before: string): SectionCtx | null {
  let last: RegExpExecArray | null = null;
  SECTION_LABEL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECTION_LABEL_RE.exec(before))) last = m;
  if (!last) return null;
  const listStart = last.index + last[0].length;
  const list = before.slice(listStart);
  // The list has ended: a sentence end, another citation, a field label.
  if (/\.\s|Decision\s+based|guideline:|rationale:/i.test(list) || /\.$/.test(list)) return null;
  let depth = 0;
  let lastComma = -1;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if (ch === ',' && depth === 0) lastComma = i;
  }
  let p = lastComma >= 0 ? lastComma + 1 : 0;
  while (p < list.length && /\s/.test(list[p])) p++;
  return { labelAt: last.index, partialAt: listStart + p };
}

/** The guideline named before a `Section(s):` / `Page(s):` label, read back to `Decision based on MTUS` or `, and`. */
function guidelineBefore(kb: KnowledgeBase, before: string, labelAt: number): { g: KbGuideline | null; topicText: string } {
  let startAt = -1;
  MTUS_START_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MTUS_START_RE.exec(before)) && m.index < labelAt) startAt = m.index + m[0].length;
  if (startAt < 0) return { g: null, topicText: '' };
  const seg = before
    .slice(startAt, labelAt)
    .replace(/\s+/g, ' ')
    .replace(/[\s,]+$/, '');
  // Candidates: the text after each `, and` (nearest first), then the whole segment.
  const starts: number[] = [];
  const and = /, and /gi;
  while ((m = and.exec(seg))) starts.push(m.index + m[0].length);
  starts.reverse();
  starts.push(0);
  for (const s of starts) {
    const cand = seg.slice(s);
    const id = kb.resolveGuideline(cand);
    if (id) return { g: kb.getGuideline(id), topicText: '' };
  }
  // 2014-2015 style: a known name followed by a topic (`Chronic Pain Treatment Guidelines Physical Medicine`).
  for (const s of starts) {
    const cand = seg.slice(s);
    const toks = normalizeName(cand).split(' ').filter(Boolean);
    const gm = kb.matchGuideline(toks, 0);
    if (gm) {
      let rest = toks.slice(gm.tokens);
      const year = rest.length && /^(19|20)\d\d$/.test(rest[0]) ? rest[0] : null;
      if (year) rest = rest.slice(1);
      return { g: kb.getGuideline(kb.pickEdition(gm.ids, year)), topicText: rest.join(' ') };
    }
  }
  return { g: null, topicText: '' };
}

function sectionCompletions(model: Determination, kb: KnowledgeBase, before: string, from: number, at: number, ctx: SectionCtx): CompletionItem[] {
  const { g } = guidelineBefore(kb, before, ctx.labelAt);
  if (!g) return [];
  const r = range(model, from + ctx.partialAt, at);
  const date = letterDate(model);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  // The guideline's own topics first, then those of its other editions (by name).
  const editions = [g, ...kb.editionsOf(g.id).filter((e) => e.id !== g.id)];
  let i = 0;
  for (const ed of editions) {
    for (const t of kb.topicsOf(ed.id)) {
      for (const name of t.citeAs.length ? t.citeAs : [t.title]) {
        const key = normalizeName(name);
        if (seen.has(key)) continue;
        seen.add(key);
        items.push({
          label: name,
          kind: CompletionItemKind.Reference,
          detail: ed.id === g.id ? t.title : `${t.title} (${ed.edition} edition)`,
          documentation: { kind: 'markdown', value: topicMarkdown(t, kb, g.id, date) },
          textEdit: { range: r, newText: name },
          filterText: name,
          sortText: String(i++).padStart(4, '0'),
        });
      }
    }
  }
  return items;
}

// ------------------------------------------------------------------ pages

function pageCompletions(model: Determination, kb: KnowledgeBase, before: string, at: number, m: RegExpExecArray): CompletionItem[] {
  const labelAt = m.index;
  const { g, topicText } = guidelineBefore(kb, before, labelAt);
  if (!g) return [];
  // Replace the page text typed so far after the label (`98-`, `98, 9`).
  const typed = m[1].replace(/^\s+/, '');
  const r = range(model, at - typed.length, at);
  const date = letterDate(model);
  const named = topicText ? kb.findSection(g.id, topicText) : null;
  const sources = kb.hasPageData(g.id) ? [g] : kb.editionsOf(g.id).filter((e) => kb.hasPageData(e.id));
  const entries: { label: string; first: number; item: CompletionItem }[] = [];
  for (const ed of sources) {
    for (const t of kb.topics) {
      for (const p of t.pages) {
        if (p.guideline !== ed.id) continue;
        for (const pr of parsePageRanges(p.pages)) {
          const label = pr.first === pr.last ? String(pr.first) : `${pr.first}-${pr.last}`;
          const status = p.verified ? `page ${VERIFIED}` : 'page not verified';
          entries.push({
            label,
            first: pr.first,
            item: {
              label,
              kind: CompletionItemKind.Value,
              labelDetails: { description: t.title },
              detail: `${t.title}${ed.id !== g.id ? ` — ${ed.edition} edition` : ''} (${status})`,
              documentation: { kind: 'markdown', value: topicMarkdown(t, kb, g.id, date) },
              textEdit: { range: r, newText: label },
              filterText: label,
              preselect: named === t || undefined,
            },
          });
        }
      }
    }
  }
  entries.sort((a, b) => a.first - b.first || a.label.localeCompare(b.label));
  return entries.map((e, i) => ({ ...e.item, sortText: (e.item.preselect ? '0' : '1') + String(i).padStart(4, '0') }));
}

// ------------------------------------------------------------------ Upheld / Overturned

function outcomeCompletions(model: Determination, at: number): CompletionItem[] {
  const text = model.text;
  let lineStart = at;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const line = text.slice(lineStart, at);
  let partial: string;
  const colon = line.lastIndexOf(':');
  if (colon >= 0) {
    const head = line.slice(0, colon);
    partial = line.slice(colon + 1).replace(/^\s+/, '');
    if (!/\S/.test(head) || FIELD_OR_HEADER_LABEL_RE.test(head) || FIELD_LABEL_START_RE.test(head)) return [];
    // Inside a field's text (a draft's next item is read as part of the rationale above it):
    // only a line that starts after a finished sentence and holds no sentence itself.
    if (inFieldValue(model, lineStart, at) && (!previousLineEndsSentence(text, lineStart) || /[.!?]\s/.test(head))) return [];
  } else {
    // The outcome alone on the line after an item whose text filled its line (`... sessions:`).
    partial = line.replace(/^\s+/, '');
    let p = lineStart - 1;
    let prevEnd = -1;
    while (p >= 0) {
      let s = p;
      while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
      const prev = text.slice(s, p + 1).replace(/[\r\n]+$/, '');
      if (/\S/.test(prev)) {
        prevEnd = s;
        if (!/:\s*$/.test(prev)) return [];
        const head = prev.replace(/:\s*$/, '');
        if (FIELD_OR_HEADER_LABEL_RE.test(head) || /:\s*\S/.test(prev.slice(prev.lastIndexOf(':') - 1, -1))) return [];
        break;
      }
      p = s - 1;
      if (lineStart - p > 400) return [];
    }
    if (prevEnd < 0) return [];
  }
  if (!OUTCOME_PARTIAL_RE.test(partial)) return [];
  if (!inIssues(model, at)) return [];
  const r = range(model, at - partial.length, at);
  return (['Upheld', 'Overturned'] as const).map((word, i) => ({
    label: word,
    kind: CompletionItemKind.EnumMember,
    detail: word === 'Upheld' ? 'The UR denial stands' : 'The treatment must be authorized',
    documentation: { kind: 'markdown', value: decisionMarkdown(word) },
    textEdit: { range: r, newText: word },
    filterText: word,
    sortText: String(i),
  }));
}

const FIELD_LABEL_START_RE = /^\s*(?:Claims Administrator guideline|MAXIMUS guideline|Decision rationale)\s*:/i;

function inFieldValue(model: Determination, lineStart: number, at: number): boolean {
  for (const item of model.items) {
    for (const f of item.allFields) if (f.value.span.start < at && lineStart <= f.value.span.end) return true;
  }
  return false;
}

function previousLineEndsSentence(text: string, lineStart: number): boolean {
  let p = lineStart - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  return p < 0 || /[.!?"\u201d)]/.test(text[p]);
}

/** Whether the offset is where item headers go: in the issues section (or, in a draft without one, outside the other sections), not inside a field. */
function inIssues(model: Determination, at: number): boolean {
  for (const item of model.items) {
    for (const f of item.allFields) if (at >= f.label.span.start && at <= f.label.span.end) return false;
  }
  const issues = model.sections.find((s) => s.kind === 'issues' || s.kind === 'issueAtDispute');
  if (issues) return at >= issues.heading.span.end;
  for (const s of model.sections) if (NOT_IN_ITEMS.has(s.kind) && at >= s.span.start && at <= s.span.end) return false;
  for (const h of model.header) {
    const end = h.value ? h.value.span.end : h.label.span.end;
    if (at >= h.label.span.start && at <= end) return false;
  }
  return true;
}

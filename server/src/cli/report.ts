// What imr-check knows of one file once checked: plain data, the same for every format, and
// small enough to pass from a worker thread (structured clone) and to drop once written.
import type { Determination, DisputedItem, Field, HeaderKey, LetterPart, Span } from '../model/types';
import { itemPage, letterPage } from '../model/pages';
import type { LetterSummary } from '../protocol';
import type { Finding } from '../rules/engine';
import type { Severity } from '../rules/rule';

export interface JsonRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ItemReport {
  name: string;
  decision: string;
  range: JsonRange;
  fields: Record<string, { range: JsonRange; text: string } | null>;
  /** The therapy quantity the name asks for (a key left out when not stated), or null when not a therapy item. */
  request: RequestReport | null;
  /** Requested visits for the CSV column; '' when the name states none. */
  requestedVisits: string;
  /** The page the item begins on (1 without page breaks). */
  page: number;
}

export interface RequestReport {
  visits?: number;
  perWeek?: number;
  weeks?: number;
  kind?: string;
  text: string;
}

/** The header values a letter's JSON carries (a key is left out when the letter lacks it). */
export const LETTER_HEADER_KEYS = [
  'caseNumber',
  'dateAssigned',
  'decisionDate',
  'priority',
  'dateOfInjury',
  'urDenialDate',
  'applicationReceived',
] as const satisfies readonly HeaderKey[];
export type LetterHeader = Partial<Record<(typeof LETTER_HEADER_KEYS)[number], string>>;

export interface LetterReport {
  range: JsonRange;
  header: LetterHeader;
  reviewer: { licensure?: string; specialty?: string };
  /** The page the letter begins on (1 without page breaks; a batch numbers its pages on). */
  page: number;
  /** Indexes into `items` of this letter's items (not in the JSON output: see toJson). */
  itemIndexes: number[];
}

export interface DiagnosticReport {
  code: string;
  severity: Severity;
  message: string;
  range: JsonRange;
  /** The other places of the file the problem is about (left out when none). */
  related?: { range: JsonRange; message: string }[];
}

export interface FileReport {
  path: string;
  /** Pages of the file: form feeds end pages, as pdftotext and the PDF reader write them. */
  pages: number;
  letters: LetterReport[];
  items: ItemReport[];
  diagnostics: DiagnosticReport[];
  /** The letter library's summaries of the file (for `--format csv`, the editor's export's rows); not in the JSON. */
  summaries?: LetterSummary[];
}

/** Requested visits of an item (`2x6` -> `12`), '' when its name states none. */
export function requestedVisits(item: DisputedItem): string {
  return item.request?.visits !== undefined ? String(item.request.visits) : '';
}

function requestReport(item: DisputedItem): RequestReport | null {
  const r = item.request;
  if (!r) return null;
  const out: RequestReport = { text: r.text };
  if (r.visits !== undefined) out.visits = r.visits;
  if (r.perWeek !== undefined) out.perWeek = r.perWeek;
  if (r.weeks !== undefined) out.weeks = r.weeks;
  if (r.kind !== undefined) out.kind = r.kind;
  return out;
}

function letterHeader(part: LetterPart): LetterHeader {
  const out: LetterHeader = {};
  for (const key of LETTER_HEADER_KEYS) {
    const v = part.header.find((h) => h.key === key)?.value?.text;
    if (v) out[key] = v;
  }
  return out;
}

/** `summaries`: the letter library's summaries of the file (CSV output), from the same pipeline run (pipeline/checkText.ts). */
export function reportFor(filePath: string, model: Determination, findings: Finding[], summaries?: LetterSummary[]): FileReport {
  const range = (s: Span): JsonRange => model.lines.range(s);
  const field = (f: Field | null) =>
    f ? { range: range({ start: f.label.span.start, end: Math.max(f.label.span.end, f.value.span.end) }), text: f.value.text } : null;
  const index = new Map<DisputedItem, number>(model.items.map((i, k) => [i, k]));
  const letters: LetterReport[] = model.parts.map((p) => {
    const reviewer: LetterReport['reviewer'] = {};
    if (p.credentials?.licensure?.text) reviewer.licensure = p.credentials.licensure.text;
    if (p.credentials?.specialty?.text) reviewer.specialty = p.credentials.specialty.text;
    return {
      range: range(p.span),
      header: letterHeader(p),
      reviewer,
      page: letterPage(model, p),
      itemIndexes: p.items.map((i) => index.get(i)).filter((k): k is number => k !== undefined),
    };
  });
  return {
    path: filePath,
    pages: model.pageStarts.length,
    letters,
    items: model.items.map((i) => ({
      name: i.name.text,
      decision: i.decision.kind === 'unknown' ? i.decision.text : i.decision.kind,
      range: range(i.span),
      fields: {
        claimsAdministratorGuideline: field(i.fields.claimsAdministratorGuideline),
        maximusGuideline: field(i.fields.maximusGuideline),
        decisionRationale: field(i.fields.decisionRationale),
      },
      request: requestReport(i),
      requestedVisits: requestedVisits(i),
      page: itemPage(model, i),
    })),
    diagnostics: findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: range(f.span),
      ...(f.related ? { related: f.related.map((r) => ({ range: range(r.span), message: r.message })) } : {}),
    })),
    ...(summaries ? { summaries } : {}),
  };
}

/** The JSON (and ndjson) shape of a file: `itemIndexes` and the CSV's `requestedVisits` stay internal. */
export function toJson(r: FileReport): unknown {
  return {
    path: r.path,
    pages: r.pages,
    letters: r.letters.map((l) => ({ range: l.range, page: l.page, header: l.header, reviewer: l.reviewer })),
    items: r.items.map(({ requestedVisits: _, ...i }) => i),
    diagnostics: r.diagnostics,
  };
}

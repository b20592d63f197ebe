// The header block (Case Number, dates, priority). The three PDF extractions put it
// together differently: all labels then all values (default), two columns on one line
// (-layout), or columns run together (-raw). Reading labels and values as one token
// stream and handing each value to the oldest label still waiting for one of its type
// reads all three, and a hand-typed `Label: value` line as well.
import type { Line } from './lines';
import type { HeaderField, HeaderKey, Span, TextPart } from '../model/types';

type ValueType = 'date' | 'case' | 'word';

const LABELS: { key: HeaderKey; re: string; type: ValueType }[] = [
  { key: 'caseNumber', re: 'Case Number:', type: 'case' },
  { key: 'dateAssigned', re: 'Date Assigned:', type: 'date' },
  { key: 'decisionDate', re: 'Decision Date:', type: 'date' },
  { key: 'priority', re: 'Priority:', type: 'word' },
  { key: 'dateOfInjury', re: 'Date of Injury:', type: 'date' },
  { key: 'urDenialDate', re: 'UR Denial Date:', type: 'date' },
  { key: 'applicationReceived', re: 'Application\\s+Received:', type: 'date' },
  { key: 'noticeDate', re: 'Dated:', type: 'date' },
];
/** `Application` alone: the layout extraction puts `Received:` on the next line. */
const LABEL_RE = new RegExp(`(?<![A-Za-z])(?:(${LABELS.map((l) => l.re).join('|')})|(Application)(?=\\s*$|\\s{2,}|\\s+\\d)|(Received:))`, 'gi');
/** Which label a match is (compiled once, not per match). */
const LABEL_EXACT = LABELS.map((l) => ({ def: l, re: new RegExp(`^${l.re}$`, 'i') }));
const DATE = /^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$/;
const CASE = /^[A-Z]{2}\d{2}-\d{4,}$/;

interface Pending {
  key: HeaderKey;
  type: ValueType;
  label: TextPart;
  /** Waiting for `Received:` to complete the label. */
  incomplete?: boolean;
}

function typeOf(value: string): ValueType {
  return DATE.test(value) ? 'date' : CASE.test(value) ? 'case' : 'word';
}

export function parseHeader(text: string, lines: Line[]): HeaderField[] {
  const reader = new HeaderReader(text);
  for (const line of lines) if (line.text.length > 0) reader.readLine(line);
  return reader.finish();
}

/** The token stream of one header: labels waiting for values, and values waiting for labels. */
class HeaderReader {
  private readonly fields: HeaderField[] = [];
  private readonly waiting: Pending[] = [];
  /**
   * Free-standing values that came before any label of their type (pdfminer puts some right-column
   * values above their labels). The next label of that type with nothing on its own line takes the
   * oldest; one still unclaimed at the end is dropped: a value is read right or left unread.
   */
  private readonly early: { type: ValueType; value: TextPart }[] = [];
  /** The label last read on the current line, while it still has no value. */
  private lastOnLine: Pending | null = null;

  constructor(private readonly text: string) {}

  readLine(line: Line): void {
    const t = line.text;
    LABEL_RE.lastIndex = 0;
    let cursor = 0; // position in t after the last label
    this.lastOnLine = null;
    for (let m = LABEL_RE.exec(t); m; m = LABEL_RE.exec(t)) {
      this.takeValues(line, cursor, m.index);
      cursor = m.index + m[0].length;
      this.readLabel(m, { start: line.textStart + m.index, end: line.textStart + cursor });
    }
    this.takeValues(line, cursor, t.length);
    this.claimEarly();
  }

  finish(): HeaderField[] {
    for (const p of this.waiting) if (!p.incomplete) this.assign(p, null);
    // Document order of labels, whatever order values arrived in.
    return this.fields.sort((a, b) => a.label.span.start - b.label.span.start);
  }

  private assign(p: Pending, value: TextPart | null): void {
    this.fields.push({ key: p.key, label: p.label, value });
  }

  private has(key: HeaderKey): boolean {
    return this.fields.some((f) => f.key === key) || this.waiting.some((p) => p.key === key);
  }

  /** Values between labels (`from`..`to` of the line's text). */
  private takeValues(line: Line, from: number, to: number): void {
    const t = line.text;
    // On the label's own line the whole run is its value;
    // elsewhere each word is a separate value (the default extraction lists one per line).
    const chunk = t.slice(from, to);
    // A free-standing value is a line of its own (one token): prose words are never values.
    if (!this.lastOnLine && (from !== 0 || to !== t.length || /\s/.test(chunk.trim()))) return;
    const re = this.lastOnLine ? /\S(?:.*\S)?/g : /\S+/g;
    for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
      const value: TextPart = { span: { start: line.textStart + from + m.index, end: line.textStart + from + m.index + m[0].length }, text: m[0] };
      if (this.lastOnLine) {
        const idx = this.waiting.indexOf(this.lastOnLine);
        if (idx >= 0) this.waiting.splice(idx, 1);
        this.assign(this.lastOnLine, value);
        this.lastOnLine = null;
        continue;
      }
      const type = typeOf(value.text);
      const idx = this.waiting.findIndex((p) => p.type === type);
      if (idx >= 0) this.assign(this.waiting.splice(idx, 1)[0], value);
      else this.early.push({ type, value });
    }
  }

  private readLabel(m: RegExpExecArray, span: Span): void {
    if (m[1]) {
      const def = LABEL_EXACT.find((l) => l.re.test(m[1]))!.def;
      // A label read twice keeps its first place (and the line's last label stays as it was).
      if (this.has(def.key)) return;
      const p: Pending = { key: def.key, type: def.type, label: { span, text: m[1].replace(/\s+/g, ' ') } };
      this.waiting.push(p);
      this.lastOnLine = p;
    } else if (m[2]) {
      const p: Pending = { key: 'applicationReceived', type: 'date', label: { span, text: 'Application' }, incomplete: true };
      if (!this.has(p.key)) {
        this.waiting.push(p);
        // The -layout extraction puts the value right after `Application`, `Received:` below.
        this.lastOnLine = p;
      } else this.lastOnLine = null;
    } else if (m[3]) {
      this.completeApplication(span);
      this.lastOnLine = null;
    }
  }

  /** `Received:` completes the `Application` label read before it (waiting or already given its value). */
  private completeApplication(span: Span): void {
    const p = this.waiting.find((w) => w.incomplete) ?? this.fields.find((f) => f.key === 'applicationReceived' && f.label.text === 'Application');
    if (!p) return;
    if ('incomplete' in p) p.incomplete = false;
    // Label span covers `Application ... Received:` only when nothing lies between them.
    const between = this.text.slice(p.label.span.end, span.start);
    if (/^\s*$/.test(between)) p.label = { span: { start: p.label.span.start, end: span.end }, text: 'Application Received:' };
    else p.label = { span: p.label.span, text: 'Application Received:' };
  }

  /** A label alone on its line, with a value of its type waiting from above: that value is its own. */
  private claimEarly(): void {
    const bare = this.lastOnLine;
    if (!bare) return;
    const k = this.early.findIndex((e) => e.type === bare.type);
    if (k >= 0 && this.waiting.indexOf(bare) === this.waiting.findIndex((p) => p.type === bare.type)) {
      this.waiting.splice(this.waiting.indexOf(bare), 1);
      this.assign(bare, this.early.splice(k, 1)[0].value);
    }
  }
}

// Text reconstruction: the reading worker gives positioned text runs (PDFium's characters,
// joined where they continue each other) in content-stream order; the parser wants lines in
// reading order. Pure (no PDFium here) so it is tested on its own and runs in the reading worker.
//
// One line per baseline: runs whose baselines lie within a fraction of the font size are one
// line (a value's baseline in the header table sits 0.1 pt off its label's), sorted left to
// right, with a space where the x gap is a word gap and three where it is a column gap. The
// header's two-column table thus comes out as `Label: value   Label: value` rows, the shape
// of `pdftotext -layout`, where each value sits on its label's line: the parser then pairs
// labels and values by position, never by guessing from the value's type (the pdftotext
// default mode lists all labels, then all values, which is what the wrong pairings
// come from when a cell is empty).

/** A positioned text run (the shape of a PDF.js TextItem, which this layout was first written for). */
export interface TextRun {
  str: string;
  /** Text matrix times font size: [a, b, c, d, e, f]; a, b give size and rotation, e, f the run's origin on its baseline. */
  transform: number[];
  width: number;
  height: number;
}

interface Placed {
  str: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

/** A gap wider than this many font sizes separates table columns, not words. */
const COLUMN_GAP_EM = 1.5;
/** Narrower than this is kerning inside a word (Word splits runs mid-word). */
export const WORD_GAP_EM = 0.12;
/** Baselines closer than this many font sizes are the same line. */
const SAME_LINE_EM = 0.4;

/** The lines of one page, top to bottom, without line ends. */
export function pageLines(runs: readonly TextRun[]): string[] {
  const placed: Placed[] = [];
  // Rotated text (a margin stamp, a watermark) has no place among the horizontal lines:
  // each such run becomes a line of its own after the page's text.
  const rotated: string[] = [];
  for (const r of runs) {
    if (!r.str || !Array.isArray(r.transform) || r.transform.length < 6) continue;
    const [a, b, , , e, f] = r.transform;
    if (!Number.isFinite(e) || !Number.isFinite(f)) continue;
    if (Math.abs(b) > 0.05 * Math.abs(a) || a < 0) {
      if (r.str.trim()) rotated.push(r.str.trim());
      continue;
    }
    // Font size from the text matrix; `height` is 0 for some runs (spaces, Type3 fonts).
    const size = Math.abs(r.height) || Math.hypot(a, b) || 10;
    placed.push({ str: r.str, x: e, y: f, end: e + (Number.isFinite(r.width) ? r.width : 0), size });
  }
  // Top to bottom (PDF y grows upwards), then left to right.
  placed.sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Placed[][] = [];
  let current: Placed[] = [];
  let lineY = NaN;
  let lineSize = 0;
  for (const p of placed) {
    if (current.length > 0 && Math.abs(p.y - lineY) <= SAME_LINE_EM * Math.min(lineSize, p.size)) {
      current.push(p);
      continue;
    }
    if (current.length > 0) lines.push(current);
    current = [p];
    lineY = p.y;
    lineSize = p.size;
  }
  if (current.length > 0) lines.push(current);
  return [...lines.map(joinLine), ...rotated].filter((l) => l.length > 0);
}

function joinLine(runs: Placed[]): string {
  runs.sort((p, q) => p.x - q.x);
  let out = '';
  let prev: Placed | null = null;
  for (const r of runs) {
    // Whitespace-only runs carry no text: the gap they cover is measured instead.
    if (r.str.trim().length === 0) continue;
    if (prev) {
      const gap = r.x - prev.end;
      const em = Math.max(prev.size, r.size);
      const sep = gap > COLUMN_GAP_EM * em ? '   ' : gap > WORD_GAP_EM * em ? ' ' : '';
      if (sep && !/\s$/.test(out) && !/^\s/.test(r.str)) out += sep;
    }
    out += r.str;
    prev = r;
  }
  return out.replace(/\s+$/, '').replace(/^\s+/, '');
}

/** The whole document as the parser reads it: each page's lines, a form feed after each page. */
export function documentText(pages: readonly string[][]): string {
  return pages.map((lines) => (lines.length > 0 ? lines.join('\n') + '\n' : '') + '\f').join('');
}

// The sections of one letter (found by their headings), its layout and the reviewer's credentials.
import type { Credentials, Layout, Section, Span, TextPart } from '../model/types';
import { matchHeading, RUN_ON_HEADING } from './headings';
import { joinedPart } from './joinedText';
import type { Line } from './lines';

export interface FoundSection {
  section: Section;
  line: number;
  /** First line after the heading. */
  endLine: number;
  /** Line at which the next section starts (exclusive end). */
  sectionEndLine: number;
}

export function findSections(text: string, lines: Line[], from: number, to: number): FoundSection[] {
  const found: FoundSection[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.text.length === 0) continue;
    const h = matchHeading(line.text);
    let headingSpan: Span | null = null;
    let endLine = i + 1;
    let kind = h?.kind;
    if (h) {
      headingSpan = { start: line.textStart, end: line.textEnd };
      if (h.continues && !line.text.endsWith(':')) {
        // Long headings of the medical professional review layout break over lines.
        for (let j = i + 1; j < to && j <= i + 3; j++) {
          if (lines[j].text.length === 0) continue;
          // The heading's second line is in capitals and is not a heading of its own.
          if (/[a-z]/.test(lines[j].text) || matchHeading(lines[j].text)) break;
          headingSpan.end = lines[j].textEnd;
          endLine = j + 1;
          if (lines[j].text.endsWith(':')) break;
        }
      }
    } else if (line.text.length > 50 && line.text.endsWith('RATIONALE')) {
      const m = RUN_ON_HEADING.exec(line.text);
      if (m) {
        const at = line.textStart + line.text.lastIndexOf(m[1]);
        headingSpan = { start: at, end: at + m[1].length };
        kind = 'issues';
      }
    }
    if (!headingSpan || !kind) continue;
    // The same heading twice (a repeated page header) is one section.
    if (found.some((f) => f.section.kind === kind) && kind !== 'issues') continue;
    if (kind === 'issues' && found.some((f) => f.section.kind === 'issues')) continue;
    found.push({
      section: { kind, heading: joinedPart(text, headingSpan), span: { start: headingSpan.start, end: headingSpan.end } },
      line: i,
      endLine,
      sectionEndLine: to,
    });
    i = endLine - 1;
  }
  for (let k = 0; k < found.length; k++) {
    const endLine = k + 1 < found.length ? found[k + 1].line : to;
    found[k].sectionEndLine = endLine;
    // The section runs to its last visible character before the next heading.
    let last = found[k].section.span.end;
    for (let j = endLine - 1; j >= found[k].endLine; j--) {
      if (lines[j].text.length > 0) {
        last = lines[j].textEnd;
        break;
      }
    }
    found[k].section.span.end = Math.max(found[k].section.span.end, last);
  }
  return found;
}

/** `text`: the letter's first 3,000 characters; `lines`: its lines. */
export function detectLayout(text: string, lines: Line[], structured: boolean): Layout {
  const head = text.slice(0, 400);
  if (/Notice of Independent Medical Review Determination/i.test(head) || (text.includes('1)') && /^\s*1\)\s*MAXIMUS Federal Services/im.test(text)))
    return '2013-notice';
  if (/^\s*MEDICAL PROFESSIONAL REVIEW/.test(head)) return 'medical-professional-review';
  if (/^\s*MAXIMUS FEDERAL SERVICES, INC\./.test(head)) return 'maximus-older';
  // 2014-2015 extraction: nearly every text line is followed by an empty line.
  let visible = 0;
  let followedByBlank = 0;
  for (let i = 0; i + 1 < lines.length && i < 400; i++) {
    if (lines[i].text.length === 0) continue;
    visible++;
    if (lines[i + 1].start === lines[i + 1].end) followedByBlank++;
  }
  if (visible >= 10 && followedByBlank / visible > 0.85) return '2014-2015';
  const caseLine = lines.find((l) => l.text.startsWith('Case Number:'));
  if (caseLine) {
    const two = lines.some((l) => l.text.includes('Date Assigned:') && /Date Assigned:\s*\S+\s{3,}Date of Injury:/.test(l.text));
    return two ? '2016-2017-layout' : '2016-2017';
  }
  return structured ? 'draft' : 'empty';
}

export function parseCredentials(text: string, lines: Line[], sections: FoundSection[]): Credentials | null {
  const process = sections.find((s) => s.section.kind === 'determinationProcess');
  if (!process) return null;
  let licensure: TextPart | null = null;
  let specialty: TextPart | null = null;
  let licLine = -1;
  let specLine = -1;
  for (let i = process.endLine; i < process.sectionEndLine; i++) {
    if (/^State\(s\) of Licensure:/i.test(lines[i].text)) licLine = i;
    else if (/^Certification\(s\)\/Specialty:/i.test(lines[i].text)) specLine = i;
  }
  const valueAfterColon = (line: number, endLine: number): TextPart => {
    const l = lines[line];
    const colon = text.indexOf(':', l.textStart);
    const end = endLine > line + 1 ? lines[endLine - 1].end : l.end;
    return joinedPart(text, { start: colon + 1, end: Math.max(colon + 1, end) });
  };
  if (licLine >= 0) licensure = valueAfterColon(licLine, specLine > licLine ? specLine : licLine + 1);
  if (specLine >= 0) {
    // A long specialty list wraps onto the next line or two; a sentence after it is not part of it.
    let end = specLine + 1;
    while (end < Math.min(process.sectionEndLine, specLine + 3) && lines[end].text.length > 0 && !/^The\s|[:.]$/.test(lines[end].text)) end++;
    specialty = valueAfterColon(specLine, end);
  }
  return licensure || specialty ? { licensure, specialty } : null;
}

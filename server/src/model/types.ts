// The determination model: what one version of a letter says, with exact positions.
// Everything is computed once per document version by `parseDetermination`; every
// feature (outline, rules, hover, completion, folding, CLI) reads only this model.
//
// Positions are stored as UTF-16 offsets into the document text (`Span`), which is what
// JavaScript strings index by and what LSP positions count; `LineIndex` turns them into
// LSP line/character positions on demand.

import type { LineIndex } from './lineIndex';

/** Half-open [start, end) range of UTF-16 offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A piece of the document: where it is and what it says (line and page breaks joined by single spaces). */
export interface TextPart {
  span: Span;
  text: string;
}

export type HeaderKey = 'caseNumber' | 'dateAssigned' | 'decisionDate' | 'priority' | 'dateOfInjury' | 'urDenialDate' | 'applicationReceived' | 'noticeDate';

export interface HeaderField {
  key: HeaderKey;
  /** The label as written (`Case Number:`, `Application Received:`). */
  label: TextPart;
  /** The value, or null when the label has none. */
  value: TextPart | null;
}

export type SectionKind =
  | 'determinationProcess' // HOW THE IMR FINAL DETERMINATION WAS MADE / Medical Qualifications of the Expert Reviewer
  | 'clinicalCaseSummary' // CLINICAL CASE SUMMARY / Case Summary / CASE SUMMARY:
  | 'documentsReviewed' // DOCUMENTS REVIEWED (older layouts)
  | 'issues' // IMR ISSUES, DECISIONS AND RATIONALES / IMR DECISION(S) AND RATIONALE(S) / ...
  | 'issueAtDispute' // ISSUE AT DISPUTE: (medical professional review layout)
  | 'guidelinesRelied' // MEDICAL TREATMENT GUIDELINE(S) RELIED UPON ...
  | 'rationale' // RATIONALE FOR WHY THE REQUESTED TREATMENT ...
  | 'reviewerQualifications'; // MEDICAL REVIEWER QUALIFICATIONS:

export interface Section {
  kind: SectionKind;
  /** The heading as written (joined when it breaks across lines). */
  heading: TextPart;
  /** Heading through the last character before the next section (trailing blank lines excluded). */
  span: Span;
}

export interface Credentials {
  licensure: TextPart | null;
  specialty: TextPart | null;
}

export type FieldKind = 'claimsAdministratorGuideline' | 'maximusGuideline' | 'decisionRationale';

export const FIELD_ORDER: readonly FieldKind[] = ['claimsAdministratorGuideline', 'maximusGuideline', 'decisionRationale'];

export const FIELD_LABELS: Readonly<Record<FieldKind, string>> = {
  claimsAdministratorGuideline: 'Claims Administrator guideline:',
  maximusGuideline: 'MAXIMUS guideline:',
  decisionRationale: 'Decision rationale:',
};

export interface Field {
  kind: FieldKind;
  /** The label through its colon. */
  label: TextPart;
  /**
   * The value: from the first non-space character after the label to the last
   * non-space character before the next field, item or section. Empty value: a
   * zero-length span right after the label and text ''.
   */
  value: TextPart;
  /** Citations found in the value (guideline fields and rationale page references). */
  citations: Citation[];
}

export type DecisionKind = 'Upheld' | 'Overturned' | 'unknown' | 'absent';

export interface Decision {
  kind: DecisionKind;
  /** The word(s) as written; '' when absent. */
  text: string;
  /** Where the word is; for an absent decision, the zero-length point where it belongs (after the last colon). */
  span: Span;
}

export interface DisputedItem {
  /** What is disputed (`Pre-op labs: CBC`); for a partial authorization, the remaining IMR-eligible portion. */
  name: TextPart;
  decision: Decision;
  /** `X was the original request. Y was authorized ...` sentences before the name, where present. */
  preamble: TextPart | null;
  /** The item header: preamble, name, colon and decision. */
  header: Span;
  /** Header through the end of its last field. */
  span: Span;
  /** The first occurrence of each field (null when absent). */
  fields: Record<FieldKind, Field | null>;
  /** Every field label found in the item, in document order, repeats included. */
  allFields: Field[];
  /** How the item was written: `Item: Upheld` (letter) or `1) ... is not medically necessary` (2013 notice). */
  style: 'letter' | 'notice';
  /** The therapy quantity its name asks for (span absolute), or null when not a therapy item (`parse/request.ts`). */
  request: Request | null;
}

export type Layout =
  | 'empty' // not a determination letter
  | '2014-2015' // PDF text with a blank line after every line
  | '2016-2017' // header block then sections (pdftotext default / raw)
  | '2016-2017-layout' // pdftotext -layout: two header columns, indented headings
  | '2013-notice' // Notice of Independent Medical Review Determination
  | 'maximus-older' // MAXIMUS FEDERAL SERVICES, INC. / Independent Medical Review
  | 'medical-professional-review'
  | 'draft'; // anything else with letter structure (typed by hand)

/** One letter as read: its layout and what it holds (the parser's result for one letter). */
export interface Letter {
  layout: Layout;
  header: HeaderField[];
  sections: Section[];
  credentials: Credentials | null;
  items: DisputedItem[];
}

/** One letter of a file, and where it stands in the file's text. */
export interface LetterPart extends Letter {
  span: Span;
}

export interface Determination {
  layout: Layout;
  /** True when the text looked like a letter at all; an empty model otherwise. */
  isLetter: boolean;
  header: HeaderField[];
  sections: Section[];
  credentials: Credentials | null;
  items: DisputedItem[];
  /**
   * Each letter of the file (one for a single letter): its extent (from its first line to the
   * next letter's first line) and its own header, sections and items. A QA batch holds many;
   * checks about a letter's shape read them one by one (see `letters.ts`).
   */
  parts: LetterPart[];
  /**
   * Offset at which each page begins (`model/pages.ts`): [0] without form feeds, then one per
   * page break. Items' and letters' pages are read from it (`itemPage`, `letterPage`).
   */
  pageStarts: number[];
  /** Text length in UTF-16 code units. */
  length: number;
  lines: LineIndex;
  /** The text the model was built from (needed by fixes and features that quote it). */
  text: string;
}

// ---------------------------------------------------------------- citations

/** Which MTUS guideline a citation names, resolved against the knowledge base (or null when unknown). */
export interface CitationGuideline {
  /** The guideline name as written (`Chronic Pain Medical Treatment 2016`, `ACOEM Chapter 12 Low Back Complaints`). */
  name: TextPart;
  /** Year as written after the name, if any. */
  year: TextPart | null;
  /** Knowledge-base guideline id, or null when the name is not known. */
  guidelineId: string | null;
}

export interface PageRef {
  /** The number(s) as written (`98-99`, `98`). */
  part: TextPart;
  first: number;
  last: number;
}

export type CitationKind =
  | 'mtus' // Decision based on MTUS ...
  | 'nonMtus' // Decision based on Non-MTUS Citation ...
  | 'outsideMtus' // ... based their decision on recommendation(s) outside of the MTUS Guidelines.
  | 'noCitation' // ... did not cite any medical evidence for its decision.
  | 'url' // a bare URL
  | 'pageReference'; // a page reference inside a rationale: MTUS page 8, pages 335-336, pg. 64, Table 12-8

export interface Citation {
  kind: CitationKind;
  /** The whole citation sentence / reference. */
  span: Span;
  /** MTUS citations: the guideline(s) named. */
  guideline: CitationGuideline | null;
  /** Topic named between the guideline and its pages (`Physical Medicine` in 2014-2015 citations). */
  topic: TextPart | null;
  /** `Section(s): a, b` names. */
  sections: TextPart[];
  /** `Section(s):` / `Page(s):` / `pages` keyword, when present. */
  referenceLabel: TextPart | null;
  /** Page numbers cited. */
  pages: PageRef[];
  /** Free text of a Non-MTUS source / URL / table reference. */
  source: TextPart | null;
}

/** What kind of therapy the name asks for (`modality`: e-stim, ultrasound, infrared, biofeedback ...). */
export type TherapyKind = 'physical' | 'occupational' | 'chiropractic' | 'acupuncture' | 'massage' | 'aquatic' | 'modality';

export interface Request {
  /** Visits (sessions, treatments) requested in all; the upper end of a range (`12-18` -> 18). */
  visits?: number;
  /** The lower end when the name gives a range (`12-18 sessions`, `1 to 2 times per week for 4 weeks`). */
  minVisits?: number;
  /** Visits a week (upper end of a range). */
  perWeek?: number;
  weeks?: number;
  kind?: TherapyKind;
  /** Post-operative therapy (`Post-op`, `Associated surgical service: Physical therapy`). */
  postOperative?: boolean;
  /** Body part(s) named, as written, joined by `, `. */
  bodyPart?: string;
  /** The quantity as written (from its first to its last piece), '' when the name gives no number. */
  text: string;
  /**
   * Where `text` is. From `readRequest`: offsets into the name string it was given. On
   * `DisputedItem.request`: absolute document offsets (the parser maps them).
   */
  span: Span;
}

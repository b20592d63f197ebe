// The shapes of the MTUS knowledge base: what server/data/mtus-kb.json holds (and a user's
// knowledge-base file may add to or correct), and what its look-ups return.
export type Confidence = 'high' | 'medium' | 'low';

/** A page or page range as printed in a guideline, with where that page number comes from. */
export interface KbPages {
  /** Guideline (edition) the pages belong to. */
  guideline: string;
  /** As printed: `98-99`, `18-19; 49`. */
  pages: string;
  confidence: Confidence;
  /** True only when the page number itself was seen in a cited source. */
  verified: boolean;
  /** What the page number rests on, in words. */
  basis: string;
  source_urls: string[];
}

export interface KbGuideline {
  id: string;
  /** Editions of one guideline share a family (`cpmtg`: 2009 and 2016). */
  family: string;
  /** Year of the edition, as letters write it after the name (`2004`, `2016`). */
  edition: string;
  title: string;
  /** What the guideline is, in our own words. */
  about: string;
  regulation: string;
  /** ISO dates; effectiveTo null when still in force or unknown. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** How letters name it, without the year (matched in normalized form). */
  aliases: string[];
  /** Ready-to-insert citation names, most usual first (`Low Back Complaints 2004`). */
  citeAs: string[];
  /** ACOEM chapter number(s), when it is a chapter. */
  chapters: number[];
  /** The guideline's own page span, when known. */
  pageRange: KbPages | null;
  confidence: Confidence;
  confidenceBasis: string;
  source: string;
  source_urls: string[];
  /** Entries of ../shared/mtus/mtus-reference.json this guideline carries over. */
  refIds: string[];
}

export interface KbTopic {
  id: string;
  /** Guidelines (editions) this topic is a section of. */
  guidelines: string[];
  title: string;
  /** Ready-to-insert section names as letters write them, most usual first. */
  citeAs: string[];
  /** Section names as letters write them (matched in normalized form). */
  aliases: string[];
  /** Treatments and drugs the topic covers (for completion filtering and hover). */
  keywords: string[];
  /** Short summary in our own words. */
  summary: string;
  pages: KbPages[];
  /** Table numbers (`12-8`) the topic is, or contains. */
  tables: string[];
  confidence: Confidence;
  confidenceBasis: string;
  source: string;
  source_urls: string[];
  refId: string | null;
}

export interface KbSource {
  id: string;
  url: string;
  supports: string;
}

export interface KbData {
  version: string;
  guidelines: KbGuideline[];
  topics: KbTopic[];
  sources: KbSource[];
}

export interface PageRange {
  first: number;
  last: number;
}

/** One topic found for a page: the topic and the page entry that contains the page. */
export interface PageHit {
  topic: KbTopic;
  pages: KbPages;
  range: PageRange;
}

export interface KbValidationError {
  /** JSON path of the bad value, e.g. `topics[3].pages[0].pages`. */
  path: string;
  message: string;
}

/** A guideline name matched at a token position: how many tokens, and the candidate ids. */
export interface GuidelineMatch {
  tokens: number;
  ids: string[];
}

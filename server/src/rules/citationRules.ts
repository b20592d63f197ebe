// The knowledge-base rules: citations checked against the MTUS knowledge base. Each is a
// hint by default (the knowledge base is incomplete) and marks only the citation part.
import type { Rule } from './rule';
import { pageOutOfRange } from './page-out-of-range';
import { unknownGuideline } from './unknown-guideline';
import { unknownSection } from './unknown-section';

export const citationRules: Rule[] = [unknownGuideline, unknownSection, pageOutOfRange];

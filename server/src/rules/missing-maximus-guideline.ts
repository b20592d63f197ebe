// missing-maximus-guideline: a disputed item without the `MAXIMUS guideline:` (what the expert reviewer relied on), or with it empty.
import { missingFieldRule } from './missingField';

export const missingMaximusGuideline = missingFieldRule('missing-maximus-guideline', 'maximusGuideline');

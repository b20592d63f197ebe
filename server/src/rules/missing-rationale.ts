// missing-rationale: a disputed item without the reviewer's `Decision rationale:`, or with it empty.
import { missingFieldRule } from './missingField';

export const missingRationale = missingFieldRule('missing-rationale', 'decisionRationale');

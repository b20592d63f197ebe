// missing-rationale: a disputed item without the reviewer's `Decision rationale:`, or with it empty.
// A rationale written under another label (`Reasoning:`, `Rationale:`) is named in the message,
// and the first fix relabels it.
import { missingFieldRule } from './missingField';

export const missingRationale = missingFieldRule('missing-rationale', 'decisionRationale', /reasoning|rationale/);

// missing-claims-administrator-guideline: a disputed item without the `Claims Administrator guideline:` (what utilization review relied on), or with it empty.
import { missingFieldRule } from './missingField';

export const missingClaimsAdministratorGuideline = missingFieldRule('missing-claims-administrator-guideline', 'claimsAdministratorGuideline');

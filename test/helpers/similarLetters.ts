// Made-up letters (CM99- case numbers) for the similar-requests tests: a header, a case summary,
// and the disputed items given, each with a MAXIMUS guideline line naming what it was decided on.

/** A letter of `items` (made by `similarItem`) under case number `caseNumber`. */
export function similarLetter(caseNumber: string, items: string): string {
  return `Case Number: ${caseNumber}
Date Assigned: 01/03/2017
Decision Date: 02/01/2017
Date of Injury: 05/21/2015

HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.

CLINICAL CASE SUMMARY
The injured worker is a 52 year old who sustained an industrial injury on 05/21/2015.

IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
${items}`;
}

/** One disputed item, decided as `decision`, the MAXIMUS reviewer citing `maximus`. */
export const similarItem = (name: string, decision: string, maximus: string): string => `${name}: ${decision}
Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.
MAXIMUS guideline: Decision based on ${maximus}.
Decision rationale: The request for ${name} is ${decision === 'Upheld' ? 'not ' : ''}medically necessary.
`;

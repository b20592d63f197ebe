// The status bar item of a letter: how many disputed items, how many upheld and overturned,
// and how many problems. Problems are what the Problems panel shows (errors, warnings and
// information); hints are suggestions and are not counted as problems.
import type { Determination } from '../model/types';
import type { StatusCounts } from '../protocol';
import type { Finding } from '../rules/engine';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function statusCounts(model: Determination, findings: readonly Pick<Finding, 'severity'>[]): StatusCounts {
  let upheld = 0;
  let overturned = 0;
  for (const item of model.items) {
    if (item.decision.kind === 'Upheld') upheld++;
    else if (item.decision.kind === 'Overturned') overturned++;
  }
  const items = model.items.length;
  const undecided = items - upheld - overturned;
  let errors = 0;
  let warnings = 0;
  let information = 0;
  let hints = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else if (f.severity === 'information') information++;
    else hints++;
  }
  const problems = errors + warnings + information;
  const parts = [plural(items, 'item'), `${upheld} upheld`, `${overturned} overturned`];
  // A batch of letters says how many it holds.
  if (model.parts.length > 1) parts.unshift(plural(model.parts.length, 'letter'));
  if (undecided > 0) parts.push(`${undecided} undecided`);
  parts.push(plural(problems, 'problem'));
  const text = `IMR: ${parts.join(' · ')}`;
  const problemDetail = [plural(errors, 'error'), plural(warnings, 'warning'), `${information} information`, plural(hints, 'hint')].join(', ');
  const tooltip = model.isLetter
    ? `${model.parts.length > 1 ? `${plural(model.parts.length, 'letter')}, ` : ''}${plural(items, 'disputed item')}: ${upheld} upheld, ${overturned} overturned${undecided ? `, ${undecided} without a valid decision` : ''}. ${problemDetail}. Click to open the Outline.`
    : 'Not an IMR determination letter.';
  return {
    isLetter: model.isLetter,
    letters: model.isLetter ? model.parts.length : 0,
    items,
    upheld,
    overturned,
    undecided,
    errors,
    warnings,
    information,
    hints,
    problems,
    text,
    tooltip,
  };
}

// Running imr-check in tests: in process (the sources, through tsx) or as the bundled program.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';
import { REPO_ROOT } from './corpus';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (s) => out.push(`${s}\n`),
    (s) => err.push(`${s}\n`),
  );
  return { code, out: out.join(''), err: err.join('') };
}

/** dist/cli.js as a user runs it (needs `node scripts/build.mjs`). */
export function runBundled(args: string[], input?: string, cwd = REPO_ROOT): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, cwd, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A complete synthetic letter (header, sections, items with their three fields). */
export function syntheticLetter(caseNumber: string, items: string[] = ['Physical therapy 2 times a week for 4 weeks, lumbar spine']): string {
  return [
    `Case Number: ${caseNumber}`,
    'Date Assigned: 01/03/2017',
    'Decision Date: 02/01/2017',
    'Priority: Standard',
    'Date of Injury: 05/21/2015',
    'UR Denial Date: 12/15/2016',
    'Application Received: 12/20/2016',
    '',
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'MAXIMUS Federal Services sent the complete case file to an expert reviewer.',
    '',
    'CLINICAL CASE SUMMARY',
    'The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:',
    'The injured worker is a 52 year old who sustained an industrial injury on 05/21/2015.',
    '',
    'IMR ISSUES, DECISIONS AND RATIONALES',
    'The Final Determination was based on decisions for the disputed items/services set forth below:',
    ...items.flatMap((name) => [
      `${name}: Upheld`,
      'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
      'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
      `Decision rationale: The request for ${name} is not medically necessary.`,
    ]),
    '',
  ].join('\n');
}

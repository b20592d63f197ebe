// Writes schemas/imr.schema.json (the .imr.json schema contributed with jsonValidation) from the
// rules: run it after adding or renaming a rule (test/unit/cli/config.test.ts fails until then).
//   node --import tsx scripts/gen-imr-schema.ts
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../server/src/rules/engine';
import { LEVELS } from '../server/src/rules/rule';
const level = { type: 'string', enum: [...LEVELS] };
const rules: Record<string, unknown> = {};
for (const r of ALL_RULES) rules[r.code] = { ...level, default: r.defaultSeverity, markdownDescription: `${r.description} Default: \`${r.defaultSeverity}\`.` };
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'IMR Determinations team configuration (.imr.json)',
  description: "Found from each letter's folder upward; the nearest .imr.json applies. Obeyed by imr-check and the editor.",
  type: 'object',
  // VS Code's JSON service: the file is JSONC (comments, trailing commas), as imr-check reads it.
  allowComments: true,
  allowTrailingCommas: true,
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: { type: 'object', description: 'Level of each check by rule code.', additionalProperties: false, properties: rules },
    ignore: {
      type: 'array',
      description: 'Globs of letters not to check, relative to this file\'s folder (e.g. "drafts/**", "**/*.old.txt").',
      items: { type: 'string', minLength: 1 },
    },
    knowledgeBaseFile: { type: 'string', minLength: 1, description: "A JSON file of extra or corrected MTUS entries, relative to this file's folder." },
  },
};
writeFileSync(path.join(__dirname, '..', 'schemas', 'imr.schema.json'), `${JSON.stringify(schema, null, 2)}\n`);

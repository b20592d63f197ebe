// Problems that point to other places of the letter (the QA rules): the places reach the LSP
// diagnostic as relatedInformation, the command line's JSON as `related` and SARIF as
// relatedLocations; problems that point nowhere else carry none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv04 from 'ajv-draft-04';
import { sarifFormat, sarifResults } from '../../../server/src/cli/formats/sarif';
import { reportFor } from '../../../server/src/cli/report';
import { toDiagnostics } from '../../../server/src/features/diagnostics';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { parseDetermination } from '../../../server/src/parse/parser';
import { runRules } from '../../../server/src/rules/engine';
import { REPO_ROOT } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();
const fixture = (code: string) => readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'rules', `${code}.imr`), 'utf8').replace(/[ \t]*«[^»]*»/g, '');
const URI = 'file:///letters/CM99-0000132.imr';

describe('related information', () => {
  const text = fixture('date-of-injury-mismatch');
  const model = parseDetermination(text, kb);
  const findings = runRules(model, kb);
  const header = model.header.find((h) => h.key === 'dateOfInjury')!.value!;

  test('LSP diagnostics: the header, in the same document; none on other problems', () => {
    const diagnostics = toDiagnostics(model, findings, undefined, URI);
    const mismatch = diagnostics.filter((d) => d.code === 'date-of-injury-mismatch');
    assert.equal(mismatch.length, 3);
    for (const d of mismatch) {
      assert.deepEqual(d.relatedInformation, [{ location: { uri: URI, range: model.lines.range(header.span) }, message: "the header's Date of Injury" }]);
    }
    assert.ok(diagnostics.filter((d) => d.code !== 'date-of-injury-mismatch').every((d) => d.relatedInformation === undefined));
    assert.ok(
      toDiagnostics(model, findings).every((d) => d.relatedInformation === undefined),
      'no document URI, no related information',
    );
  });

  test("imr-check's JSON and SARIF", () => {
    const report = reportFor('letters/x.imr', model, findings);
    const json = report.diagnostics.filter((d) => d.code === 'date-of-injury-mismatch');
    assert.deepEqual(json[0].related, [{ range: model.lines.range(header.span), message: "the header's Date of Injury" }]);
    const sarif = sarifResults(report) as {
      ruleId: string;
      relatedLocations?: { message: { text: string }; physicalLocation: { region: { startLine: number } } }[];
    }[];
    const result = sarif.find((r) => r.ruleId === 'date-of-injury-mismatch')!;
    assert.equal(result.relatedLocations?.[0].message.text, "the header's Date of Injury");
    assert.equal(result.relatedLocations?.[0].physicalLocation.region.startLine, model.lines.positionAt(header.span.start).line + 1);
    // The whole log, related locations included, against the published SARIF 2.1.0 schema.
    const require = createRequire(__filename);
    const schema = JSON.parse(
      readFileSync(path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    assert.ok(
      validate(
        JSON.parse(
          sarifFormat.head() + sarifFormat.file(report) + sarifFormat.tail({ files: 1, items: model.items.length, errors: 0, skipped: 0, inputProblems: [] }),
        ),
      ),
      JSON.stringify(validate.errors?.slice(0, 5)),
    );
  });

  test('rationale-about-other-item points to the item the rationale is about', () => {
    const m = parseDetermination(fixture('rationale-about-other-item'), kb);
    const found = runRules(m, kb).filter((f) => f.code === 'rationale-about-other-item');
    assert.equal(found.length, 2);
    for (const f of found)
      assert.deepEqual(
        f.related?.map((r) => r.span),
        [m.items[0].name.span],
      );
    assert.match(found[0].message, /word for word the rationale of 'Norco 10\/325mg #60'/);
    assert.match(found[1].message, /'Flexeril 10mg #30' concludes about 'Norco 10\/325mg #60'/);
  });

  test('patient-details-mismatch points to the case summary', () => {
    const t = fixture('patient-details-mismatch');
    const m = parseDetermination(t, kb);
    const found = runRules(m, kb).filter((f) => f.code === 'patient-details-mismatch');
    assert.deepEqual(
      found.map((f) => t.slice(f.span.start, f.span.end)),
      ['63 year old female', '49-year-old male', '56 year old man'],
    );
    assert.deepEqual(
      found[2].related?.map((r) => t.slice(r.span.start, r.span.end)),
      ['49 year old female', '49 year old female'],
    );
  });
});

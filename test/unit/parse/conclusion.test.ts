// The conclusion reader is not flipped by the item's own name restated in its conclusion:
// every corpus item name, in a positive and a negative conclusion, reads the right way; and
// the decision-conflicts-with-rationale check stays silent on every finished letter.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rationaleConclusion } from '../../../server/src/parse/conclusion';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { runRules } from '../../../server/src/rules/engine';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../../helpers/corpus';

describe('conclusion: the item name restated', () => {
  for (const name of [
    'MRI of the knee without contrast',
    'Non-steroidal anti-inflammatory drugs',
    'No-contrast CT of the head',
    'Norco 10/325mg #60 (no refills)',
  ]) {
    test(name, () => {
      for (const given of [name, undefined]) {
        assert.equal(rationaleConclusion(`The request for ${name} is medically necessary.`, given), 'necessary');
        assert.equal(rationaleConclusion(`Therefore, the request for ${name} is not medically necessary.`, given), 'notNecessary');
        assert.equal(rationaleConclusion(`As such, the request for ${name} cannot be deemed medically necessary.`, given), 'notNecessary');
      }
    });
  }

  test('a negation outside the name still counts', () => {
    assert.equal(
      rationaleConclusion(
        'Without documentation of improvement, the request for MRI of the knee without contrast is not medically necessary.',
        'MRI of the knee without contrast',
      ),
      'notNecessary',
    );
    assert.equal(
      rationaleConclusion('There is no medical necessity for MRI of the knee without contrast.', 'MRI of the knee without contrast'),
      'notNecessary',
    );
  });
});

describe('conclusion: every corpus item name', { skip: !CORPUS_PRESENT && CORPUS_ABSENT_MESSAGE }, () => {
  const kb = defaultKnowledgeBase();
  const letters = [...sampleLetters(), ...corpusLetters()];

  test('restated in a positive and a negative conclusion, read right', () => {
    const names = new Set<string>();
    for (const l of letters) for (const it of parseDetermination(l.text, kb).items) if (it.name.text) names.add(it.name.text);
    const wrong: number[] = [];
    let i = 0;
    for (const name of names) {
      for (const given of [name, undefined]) {
        if (rationaleConclusion(`The request for ${name} is medically necessary.`, given) !== 'necessary') wrong.push(i);
        if (rationaleConclusion(`The request for ${name} is not medically necessary.`, given) !== 'notNecessary') wrong.push(i);
      }
      i++;
    }
    // Counts only: names are document text.
    console.log(`# ${names.size} item names restated: ${wrong.length} misread`);
    assert.equal(wrong.length, 0);
  });

  test('decision-conflicts-with-rationale: no alarm on a finished letter', () => {
    let alarms = 0;
    for (const l of letters) alarms += runRules(parseDetermination(l.text, kb), kb).filter((f) => f.code === 'decision-conflicts-with-rationale').length;
    console.log(`# ${letters.length} letters: ${alarms} decision-conflicts-with-rationale alarms`);
    assert.equal(alarms, 0);
  });
});

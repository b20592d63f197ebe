// The IMR Letters view's filter box: item-name words and `facet:value` words, with the facets
// and outcomes of protocol.ts (the lists the server checks a filter against).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFilter, parseFilter } from '../../../client/src/library/filterText';
import { LETTER_FACETS, LETTER_OUTCOMES } from '../../../server/src/protocol';

describe('the letters filter as typed', () => {
  it('reads item-name words and facets, quoted values whole, and writes them back', () => {
    const input = 'physical therapy outcome:undecided guideline:"Chronic Pain Medical Treatment Guidelines" month:2015-04';
    const { filter, problem } = parseFilter(input);
    assert.equal(problem, undefined);
    assert.deepEqual(filter, { text: 'physical therapy', outcome: 'undecided', guideline: 'Chronic Pain Medical Treatment Guidelines', month: '2015-04' });
    assert.deepEqual(parseFilter(formatFilter(filter)).filter, filter);
  });

  it('names a misspelt facet and lists the facets, instead of searching for it as words', () => {
    const { problem } = parseFilter('outcom:overturned');
    assert.equal(problem, `'outcom' is not a facet: the facets are ${LETTER_FACETS.join(', ')}.`);
    assert.match(problem!, /outcome, guideline, section, specialty, month/);
  });

  it('names an outcome that is not one, and lists the outcomes (needs a decision among them)', () => {
    const { problem } = parseFilter('outcome:overturnd');
    assert.equal(problem, `'overturnd' is not an outcome: the outcomes are ${LETTER_OUTCOMES.join(', ')}.`);
    assert.ok(LETTER_OUTCOMES.includes('undecided'));
  });

  it('leaves words with a colon that are no facet name (a level, a time) to the item name', () => {
    assert.deepEqual(parseFilter('L4:L5 "Note: x"'), { filter: { text: 'L4:L5 "Note: x"' } });
  });
});

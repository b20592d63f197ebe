// What makes two requests similar (server/src/library/similar.ts): the therapy kind and the body
// part (normalised) where the request reader knows both, otherwise the first MAXIMUS guideline
// section; the item's own letter always left out. Read from made-up letters through the pipeline,
// as the library and the editor read them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bodyPartKey, letterRef, similarFilter } from '../../../server/src/library/similar';
import { BUNDLED_DEFAULTS, checkText } from '../../../server/src/pipeline/checkText';
import { decisionCountsText, similarHoverLine, similarLensCommand } from '../../../server/src/features/similarDecisions';
import { COMMANDS } from '../../../server/src/protocol';
import { similarItem, similarLetter } from '../../helpers/similarLetters';

const letter = (items: string) => similarLetter('CM99-0002600', items);
const item = similarItem;

const CHRONIC = 'MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment';
const LOW_BACK = 'MTUS Low Back Complaints 2004, Section(s): Surgical Considerations, Special Studies';

function summaries(text: string) {
  return checkText(text, BUNDLED_DEFAULTS()).summaries('untitled:Untitled-1');
}

describe('similar requests: the key', () => {
  test('a body part is compared in lower case, words only', () => {
    assert.equal(bodyPartKey('Lumbar  Spine'), 'lumbar spine');
    assert.equal(bodyPartKey('L-spine, left knee'), 'l spine left knee');
    assert.equal(bodyPartKey(undefined), '');
    assert.equal(bodyPartKey(' , '), '');
  });

  test('a therapy request with a body part: its kind and body part, its own letter left out (whatever it cites)', () => {
    const [l] = summaries(letter(item('Physical therapy 12 sessions for the Lumbar Spine', 'Upheld', CHRONIC)));
    assert.deepEqual(l.items[0].treatment, 'physical');
    assert.deepEqual(l.items[0].bodyPart, 'lumbar spine');
    assert.deepEqual(similarFilter(l.items[0], letterRef('untitled:Untitled-1', l.letter)), {
      treatment: 'physical',
      bodyPart: 'lumbar spine',
      exclude: 'untitled:Untitled-1#1',
    });
  });

  test('otherwise the first MAXIMUS guideline section: a therapy without a body part, an item that is no therapy', () => {
    const [l] = summaries(letter(item('Physical therapy 2x6', 'Upheld', CHRONIC) + item('Lumbar MRI', 'Overturned', LOW_BACK)));
    assert.equal(l.items[0].treatment, 'physical');
    assert.equal(l.items[0].bodyPart, undefined);
    const [pt, mri] = l.items.map((i) => similarFilter(i, letterRef('file:///ws/a.txt', 1)));
    assert.equal(pt?.section, 'Physical medicine treatment');
    assert.match(pt?.guideline ?? '', /Chronic Pain/);
    assert.equal(pt?.treatment, undefined);
    assert.equal(mri?.section, 'Surgical Considerations');
    assert.match(mri?.guideline ?? '', /Low Back/);
    assert.equal(mri?.exclude, 'file:///ws/a.txt#1');
  });

  test('no key: no therapy with a body part and no MAXIMUS section', () => {
    const [l] = summaries(letter(item('Lumbar MRI', 'Upheld', 'ODG Low Back chapter')));
    assert.equal(similarFilter(l.items[0], 'x#1'), null);
  });

  test('each letter of a batch file is its own: the second letter leaves out letter 2', () => {
    const text = letter(item('Physical therapy 12 sessions for the lumbar spine', 'Upheld', CHRONIC));
    const batch = summaries(`${text}\n\n${text.replace('CM99-0002600', 'CM99-0002699')}`);
    assert.equal(batch.length, 2);
    assert.equal(similarFilter(batch[1].items[0], letterRef('file:///ws/batch.txt', batch[1].letter))?.exclude, 'file:///ws/batch.txt#2');
  });
});

describe('similar requests: the words', () => {
  const filter = { treatment: 'physical', bodyPart: 'lumbar spine', exclude: 'file:///ws/a.txt#1' };

  test('the hover line: plural, singular, undecided items, none', () => {
    assert.equal(similarHoverLine({ upheld: 9, overturned: 3, other: 0, filter }), "Similar requests in this workspace's library: 9 upheld, 3 overturned");
    assert.equal(similarHoverLine({ upheld: 0, overturned: 1, other: 0, filter }), "One similar request in this workspace's library: 0 upheld, 1 overturned");
    assert.equal(decisionCountsText({ upheld: 2, overturned: 0, other: 1, filter }), '2 upheld, 0 overturned, 1 undecided');
    assert.equal(similarHoverLine({ upheld: 0, overturned: 0, other: 0, filter }), "_No similar requests in this workspace's library yet._");
  });

  test("the code lens's command: the counts and the filter; plain text when none is similar or the library is still reading", () => {
    assert.deepEqual(similarLensCommand({ upheld: 9, overturned: 3, other: 0, filter }), {
      title: '12 similar: 9 upheld, 3 overturned',
      command: COMMANDS.lettersShowSimilar,
      arguments: [filter],
    });
    assert.deepEqual(similarLensCommand({ upheld: 0, overturned: 0, other: 0, filter }), { title: 'No similar requests in the library yet', command: '' });
    assert.deepEqual(similarLensCommand(null), { title: 'Similar requests: the library is still reading the workspace', command: '' });
  });
});

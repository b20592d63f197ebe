// The summary webview's bar layout (media/summaryLayout.js), run as the webview runs it: the
// file evaluated as a classic script that leaves its functions on the global object.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as vm from 'node:vm';

interface Row {
  upheld: number;
  overturned: number;
  other: number;
}
interface Layout {
  barSegments(row: Row, max: number): { cls: string; n: number; words: string; percent: number }[];
  countsText(row: Row): string;
  emptyChartText(chartId: string): string;
}

const file = path.join(__dirname, '..', '..', '..', 'media', 'summaryLayout.js');
// In this realm (not a new context): its arrays compare equal to ours.
vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file });
const layout = (globalThis as { imrSummaryLayout?: Layout }).imrSummaryLayout!;
const sum = (segs: { percent: number }[]) => segs.reduce((n, s) => n + s.percent, 0);

describe('summary bar layout', () => {
  it('the longest bar fills its box, and the others are shares of it', () => {
    const rows: Row[] = [
      { upheld: 30, overturned: 12, other: 1 },
      { upheld: 2, overturned: 1, other: 0 },
      { upheld: 0, overturned: 0, other: 0 },
    ];
    const max = 43;
    const longest = layout.barSegments(rows[0], max);
    assert.deepEqual(
      longest.map((s) => s.cls),
      ['over', 'up', 'other'],
    );
    assert.ok(Math.abs(sum(longest) - 100) < 1e-9);
    assert.ok(Math.abs(sum(layout.barSegments(rows[1], max)) - (3 / 43) * 100) < 1e-9);
    assert.deepEqual(layout.barSegments(rows[2], max), []);
  });

  it('a bar never takes more than its box, even when told a smaller maximum', () => {
    for (const max of [0, 1, 5]) assert.ok(sum(layout.barSegments({ upheld: 7, overturned: 4, other: 2 }, max)) <= 100 + 1e-9);
  });

  it('an empty month chart says there are no decision dates, not that nothing was cited', () => {
    assert.equal(layout.emptyChartText('month'), 'No decision dates');
    assert.equal(layout.emptyChartText('guideline'), 'Nothing cited yet.');
  });

  it('says the counts in words, without relying on colour', () => {
    assert.equal(layout.countsText({ upheld: 2, overturned: 3, other: 0 }), '3 overturned · 2 upheld');
    assert.equal(layout.countsText({ upheld: 0, overturned: 0, other: 1 }), '1 no or unknown decision');
  });
});

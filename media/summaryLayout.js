// The pure layout of a bar of IMR Letters Summary (loaded by the webview before summary.js;
// test/unit/library/summaryLayout.test.ts runs this very file). Widths are percentages of the
// bar's own box, so a bar scales with its chart at every width and never runs past it.
// @ts-check
(function (scope) {
  /** The three parts of a bar, in the order drawn, with the words that name them. */
  const PARTS = [
    ['over', 'overturned'],
    ['up', 'upheld'],
    ['other', 'no or unknown decision'],
  ];

  /**
   * The segments of one bar: each non-zero count as a share (0-100) of the box, the longest bar
   * (`max` items) filling it. The shares of a bar never add up to more than 100.
   * @param {{ upheld: number; overturned: number; other: number }} row
   * @param {number} max
   */
  function barSegments(row, max) {
    const counts = { over: row.overturned, up: row.upheld, other: row.other };
    const scale = Math.max(1, max, counts.over + counts.up + counts.other);
    const out = [];
    for (const [cls, words] of PARTS) {
      const n = counts[cls] || 0;
      if (n > 0) out.push({ cls, n, words, percent: (n / scale) * 100 });
    }
    return out;
  }

  /** The counts as words ("3 overturned · 2 upheld"): read without telling the colours apart. */
  function countsText(row) {
    return barSegments(row, 1)
      .map((s) => `${s.n} ${s.words}`)
      .join(' · ');
  }

  /** What an empty chart says: a month chart is empty when no letter has a decision date, the others when nothing was cited. */
  function emptyChartText(chartId) {
    return chartId === 'month' ? 'No decision dates' : 'Nothing cited yet.';
  }

  const api = { barSegments, countsText, emptyChartText };
  scope.imrSummaryLayout = api;
})(globalThis);

// IMR Letters Summary webview: draws the figures the extension posts as bar charts (plain
// HTML, scaled to their box: media/summaryLayout.js) and a sortable table. Bars and rows are focusable; Enter (or a click) asks the extension
// to filter the IMR Letters view to those letters. No network, no text of any letter.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  // media/summaryLayout.js, loaded first.
  // eslint-disable-next-line no-undef
  const layout = globalThis.imrSummaryLayout;
  const MAX_BARS = 12;
  let data = null;
  let sort = { key: 'total', dir: -1 };

  const total = (r) => r.upheld + r.overturned + r.other;
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    for (const k of kids) e.append(k);
    return e;
  };
  const activate = (node, filter) => {
    const go = () => vscode.postMessage({ type: 'filter', filter });
    node.addEventListener('click', go);
    node.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        go();
      }
    });
  };

  /** What the extension asks to measure (the e2e suite): each bar's right edge against its box. */
  function measure() {
    const inside = (r) => ({ left: Math.round(r.left), right: Math.round(r.right) });
    const bars = [...root.querySelectorAll('section.chart')].flatMap((box) => {
      const b = inside(box.getBoundingClientRect());
      return [...box.querySelectorAll('.bar')].map((bar) => {
        const segs = [...bar.querySelectorAll('.seg')];
        const last = segs[segs.length - 1];
        return {
          chart: box.dataset.chart,
          label: bar.querySelector('.label')?.textContent ?? '',
          box: b,
          track: inside(bar.querySelector('.track').getBoundingClientRect()),
          bar: inside(last ? last.getBoundingClientRect() : bar.querySelector('.track').getBoundingClientRect()),
          count: inside(bar.querySelector('.count').getBoundingClientRect()),
          labelBox: inside(bar.querySelector('.label').getBoundingClientRect()),
        };
      });
    });
    const charts = [...root.querySelectorAll('section.chart')].map((c) => inside(c.getBoundingClientRect()));
    return { page: inside(root.getBoundingClientRect()), charts, bars };
  }

  /**
   * One chart: a list of bars, each a row of label, bar and count. The label wraps between words
   * (never cut: the whole name in its tooltip too); the bar's segments are shares of its box.
   */
  function chart(c) {
    const rows = c.rows.slice(0, MAX_BARS);
    const max = Math.max(1, ...rows.map(total));
    const box = el('section', { class: 'chart', 'data-chart': c.id }, el('h2', {}, c.title));
    if (rows.length === 0) {
      box.append(el('p', { class: 'empty' }, layout.emptyChartText(c.id)));
      return box;
    }
    const list = el('ul', { class: 'bars', 'aria-label': c.title });
    for (const r of rows) {
      const counts = layout.countsText(r);
      const li = el('li', {
        class: 'bar',
        tabindex: 0,
        title: `${r.label}\n${counts}`,
        'aria-label': `${r.label}: ${counts}. Press Enter to show these letters.`,
      });
      const track = el('span', { class: 'track', 'aria-hidden': 'true' });
      for (const s of layout.barSegments(r, max)) {
        const seg = el('span', { class: `seg ${s.cls}` });
        seg.style.flexBasis = `${s.percent}%`;
        track.append(seg);
      }
      li.append(el('span', { class: 'label' }, r.label), track, el('span', { class: 'count' }, String(total(r))), el('span', { class: 'counts' }, counts));
      activate(li, r.filter);
      list.append(li);
    }
    box.append(list);
    if (c.rows.length > MAX_BARS) box.append(el('p', { class: 'more' }, `${c.rows.length - MAX_BARS} more in the table below.`));
    return box;
  }

  function table() {
    const rows = data.charts.flatMap((c) =>
      c.rows.map((r) => ({ ...r, facet: c.title.replace(/^Per /, ''), total: total(r), share: total(r) ? r.overturned / total(r) : 0 })),
    );
    const cols = [
      ['facet', 'Facet', false],
      ['label', 'Name', false],
      ['total', 'Items', true],
      ['overturned', 'Overturned', true],
      ['upheld', 'Upheld', true],
      ['share', '% overturned', true],
    ];
    rows.sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * sort.dir;
    });
    const head = el('tr', {});
    for (const [key, title, num] of cols) {
      const b = el('button', { type: 'button' }, title + (sort.key === key ? (sort.dir < 0 ? ' ▼' : ' ▲') : ''));
      b.addEventListener('click', () => {
        sort = { key, dir: sort.key === key ? -sort.dir : num ? -1 : 1 };
        render();
        root.querySelector(`th[data-key="${key}"] button`)?.focus();
      });
      head.append(
        el('th', { class: num ? 'n' : '', 'data-key': key, 'aria-sort': sort.key === key ? (sort.dir < 0 ? 'descending' : 'ascending') : 'none' }, b),
      );
    }
    const body = el('tbody', {});
    for (const r of rows) {
      const tr = el(
        'tr',
        { tabindex: 0, title: 'Show these letters in the IMR Letters view' },
        el('td', {}, r.facet),
        el('td', {}, r.label),
        el('td', { class: 'n' }, String(r.total)),
        el('td', { class: 'n' }, String(r.overturned)),
        el('td', { class: 'n' }, String(r.upheld)),
        el('td', { class: 'n' }, `${Math.round(r.share * 100)}%`),
      );
      activate(tr, r.filter);
      body.append(tr);
    }
    return el('table', { 'aria-label': 'Upheld and overturned items per guideline, section, specialty and month' }, el('thead', {}, head), body);
  }

  function render() {
    if (!data) return;
    const t = data.totals;
    root.replaceChildren(
      el('h1', {}, 'IMR letters at a glance'),
      el(
        'div',
        { class: 'totals' },
        ...[
          ['Letters', t.letters],
          ['Files', t.files],
          ['Items', t.items],
          ['Overturned', t.overturned],
          ['Upheld', t.upheld],
          ['Other', t.other],
        ].map(([k, v]) => el('div', { class: 'total' }, el('b', {}, String(v)), String(k))),
      ),
      el(
        'div',
        { class: 'legend' },
        el('span', {}, el('span', { class: 'swatch over' }), 'Overturned'),
        el('span', {}, el('span', { class: 'swatch up' }), 'Upheld'),
        el('span', {}, el('span', { class: 'swatch other' }), 'No or unknown decision'),
      ),
      el('div', { class: 'charts' }, ...data.charts.map(chart)),
      table(),
    );
    vscode.postMessage({
      type: 'rendered',
      report: {
        charts: root.querySelectorAll('section.chart').length,
        bars: root.querySelectorAll('li.bar').length,
        rows: root.querySelectorAll('tbody tr').length,
      },
    });
  }

  window.addEventListener('message', (ev) => {
    if (ev.data && ev.data.type === 'data') {
      data = ev.data.data;
      render();
    } else if (ev.data && ev.data.type === 'measure') {
      // The e2e suite lays the page out at a given width and reads back where each bar ends.
      const width = Number(ev.data.width);
      root.style.width = width > 0 ? `${width}px` : '';
      requestAnimationFrame(() => vscode.postMessage({ type: 'measured', report: measure() }));
    }
  });
  vscode.postMessage({ type: 'ready' });
})();

// IMR Letters Summary webview: draws the figures the extension posts as plain SVG bar charts
// and a sortable table. Bars and rows are focusable; Enter (or a click) asks the extension
// to filter the IMR Letters view to those letters. No network, no text of any letter.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  const SVG = 'http://www.w3.org/2000/svg';
  const MAX_BARS = 12;
  let data = null;
  let sort = { key: 'total', dir: -1 };

  const total = (r) => r.upheld + r.overturned + r.other;
  const el = (tag, attrs, ...kids) => {
    const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
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

  const LINE = 40;
  /**
   * A label on at most two lines of LINE characters, broken between words. What does not fit is
   * cut in the middle of the second line: a guideline's name ends with what tells it from its
   * neighbours (the year, the chapter), so the end stays.
   */
  function labelLines(label) {
    if (label.length <= LINE) return [label];
    let cut = label.lastIndexOf(' ', LINE);
    if (cut < LINE / 2) cut = LINE;
    const first = label.slice(0, cut).trimEnd();
    const rest = label.slice(cut).trimStart();
    return [first, rest.length <= LINE ? rest : '…' + rest.slice(rest.length - (LINE - 1))];
  }

  function chart(c) {
    const rows = c.rows.slice(0, MAX_BARS);
    const labelW = 270;
    const barW = 260;
    const lineH = 14;
    const max = Math.max(1, ...rows.map(total));
    const svg = el('svg:svg', { role: 'list', 'aria-label': c.title, width: labelW + barW + 60, class: 'bars' });
    let y = 0;
    rows.forEach((r) => {
      const t = total(r);
      const lines = labelLines(r.label);
      const rowH = 8 + lines.length * lineH;
      const g = el('svg:g', { class: 'bar', tabindex: 0, role: 'listitem', 'aria-label': `${r.label}: ${r.overturned} overturned, ${r.upheld} upheld${r.other ? `, ${r.other} other` : ''}. Press Enter to show these letters.` });
      g.append(el('svg:title', {}, `${r.label}\n${r.overturned} overturned · ${r.upheld} upheld${r.other ? ` · ${r.other} other` : ''}`));
      g.append(el('svg:rect', { class: 'track', x: 0, y, width: labelW + barW + 60, height: rowH - 2 }));
      const text = el('svg:text', { x: 4, y: y + 15 });
      lines.forEach((line, k) => text.append(el('svg:tspan', { x: 4, dy: k === 0 ? 0 : lineH }, line)));
      g.append(text);
      const barY = y + (rowH - 2) / 2 - 7;
      let x = labelW;
      for (const [cls, n] of [['over', r.overturned], ['up', r.upheld], ['other', r.other]]) {
        if (!n) continue;
        const w = Math.max(2, (n / max) * barW);
        g.append(el('svg:rect', { class: cls, x, y: barY, width: w, height: 14 }));
        x += w;
      }
      g.append(el('svg:text', { x: x + 6, y: barY + 12 }, String(t)));
      activate(g, r.filter);
      svg.append(g);
      y += rowH;
    });
    svg.setAttribute('height', String(Math.max(1, y) + 4));
    const box = el('section', { class: 'chart', 'data-chart': c.id }, el('h2', {}, c.title));
    if (rows.length === 0) box.append(el('p', { class: 'empty' }, 'Nothing cited yet.'));
    else box.append(svg);
    if (c.rows.length > MAX_BARS) box.append(el('p', { class: 'more' }, `${c.rows.length - MAX_BARS} more in the table below.`));
    return box;
  }

  function table() {
    const rows = data.charts.flatMap((c) => c.rows.map((r) => ({ ...r, facet: c.title.replace(/^Per /, ''), total: total(r), share: total(r) ? r.overturned / total(r) : 0 })));
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
      head.append(el('th', { class: num ? 'n' : '', 'data-key': key, 'aria-sort': sort.key === key ? (sort.dir < 0 ? 'descending' : 'ascending') : 'none' }, b));
    }
    const body = el('tbody', {});
    for (const r of rows) {
      const tr = el('tr', { tabindex: 0, title: 'Show these letters in the IMR Letters view' },
        el('td', {}, r.facet), el('td', {}, r.label), el('td', { class: 'n' }, String(r.total)),
        el('td', { class: 'n' }, String(r.overturned)), el('td', { class: 'n' }, String(r.upheld)), el('td', { class: 'n' }, `${Math.round(r.share * 100)}%`));
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
      el('div', { class: 'totals' },
        ...[['Letters', t.letters], ['Files', t.files], ['Items', t.items], ['Overturned', t.overturned], ['Upheld', t.upheld], ['Other', t.other]].map(([k, v]) =>
          el('div', { class: 'total' }, el('b', {}, String(v)), String(k)))),
      el('div', { class: 'legend', 'aria-hidden': 'true' },
        el('span', {}, el('span', { class: 'swatch over' }), 'Overturned'),
        el('span', {}, el('span', { class: 'swatch up' }), 'Upheld'),
        el('span', {}, el('span', { class: 'swatch other' }), 'No or unknown decision')),
      el('div', { class: 'charts' }, ...data.charts.map(chart)),
      table(),
    );
    vscode.postMessage({ type: 'rendered', report: { charts: root.querySelectorAll('section.chart').length, bars: root.querySelectorAll('g.bar').length, rows: root.querySelectorAll('tbody tr').length } });
  }

  window.addEventListener('message', (ev) => {
    if (ev.data && ev.data.type === 'data') {
      data = ev.data.data;
      render();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();

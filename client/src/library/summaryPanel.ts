// IMR: Show Letters Summary: totals and charts of the letter library in a webview. The
// extension computes the figures; the webview (media/summary.js) gets only those figures and
// the names it shows (guidelines, sections, specialties, months), never letter text. Strict
// CSP: nothing remote, the one script by nonce. A click on a bar or row filters the view.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LetterSummary, LettersFilter } from '../../../server/src/protocol';
import { monthOf } from '../../../server/src/workspace/letterFacets';

export interface SummaryRow {
  label: string;
  upheld: number;
  overturned: number;
  other: number;
  filter: LettersFilter;
}

export interface SummaryData {
  totals: { letters: number; items: number; upheld: number; overturned: number; other: number; files: number };
  charts: { id: string; title: string; rows: SummaryRow[] }[];
}

/** Figures of the letters: per MAXIMUS guideline, per section cited, per reviewer specialty, per decision month. */
export function summarize(letters: LetterSummary[]): SummaryData {
  const totals = { letters: letters.length, items: 0, upheld: 0, overturned: 0, other: 0, files: new Set(letters.map((l) => l.uri)).size };
  const tables = { guideline: new Map<string, SummaryRow>(), section: new Map<string, SummaryRow>(), specialty: new Map<string, SummaryRow>(), month: new Map<string, SummaryRow>() };
  const count = (m: Map<string, SummaryRow>, label: string, filter: LettersFilter, decision: string) => {
    let r = m.get(label);
    if (!r) m.set(label, (r = { label, upheld: 0, overturned: 0, other: 0, filter }));
    if (decision === 'Upheld') r.upheld++;
    else if (decision === 'Overturned') r.overturned++;
    else r.other++;
  };
  for (const l of letters) {
    const month = monthOf(l.decisionDate);
    for (const i of l.items) {
      totals.items++;
      if (i.decision === 'Upheld') totals.upheld++;
      else if (i.decision === 'Overturned') totals.overturned++;
      else totals.other++;
      const guidelines = new Set((i.maximusGuidelines ?? []).map((r) => r.guideline));
      for (const g of guidelines) count(tables.guideline, g, { guideline: g }, i.decision);
      const sections = new Set<string>();
      for (const r of i.maximusGuidelines ?? []) for (const s of r.sections ?? []) sections.add(s);
      for (const s of sections) count(tables.section, s, { section: s }, i.decision);
      count(tables.specialty, l.specialty ?? '(not stated)', l.specialty ? { specialty: l.specialty } : {}, i.decision);
      if (month) count(tables.month, month, { month }, i.decision);
    }
  }
  const total = (r: SummaryRow) => r.upheld + r.overturned + r.other;
  const byCount = (m: Map<string, SummaryRow>) => [...m.values()].sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label));
  return {
    totals,
    charts: [
      { id: 'guideline', title: 'Per MAXIMUS guideline', rows: byCount(tables.guideline) },
      { id: 'section', title: 'Per section cited', rows: byCount(tables.section) },
      { id: 'specialty', title: 'Per reviewer specialty', rows: byCount(tables.specialty) },
      { id: 'month', title: 'Per decision month', rows: [...tables.month.values()].sort((a, b) => a.label.localeCompare(b.label)) },
    ],
  };
}

export interface RenderedReport {
  charts: number;
  bars: number;
  rows: number;
}

export class SummaryPanel {
  static current: SummaryPanel | undefined;
  /** What the webview reported after drawing (read by the e2e suite). */
  lastRendered: RenderedReport | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  static show(extensionUri: vscode.Uri, letters: () => LetterSummary[], onFilter: (f: LettersFilter) => void): SummaryPanel {
    if (SummaryPanel.current) {
      SummaryPanel.current.panel.reveal();
      SummaryPanel.current.update();
      return SummaryPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('imr.lettersSummary', 'IMR Letters Summary', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
      retainContextWhenHidden: false,
    });
    return (SummaryPanel.current = new SummaryPanel(panel, extensionUri, letters, onFilter));
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly letters: () => LetterSummary[],
    onFilter: (f: LettersFilter) => void,
  ) {
    const nonce = randomBytes(16).toString('base64');
    const w = panel.webview;
    const media = (f: string) => w.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', f));
    w.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${w.cspSource}; style-src ${w.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${media('summary.css')}" nonce="${nonce}">
<title>IMR Letters Summary</title></head>
<body><main id="root" aria-live="polite"><p>Loading…</p></main>
<script nonce="${nonce}" src="${media('summary.js')}"></script></body></html>`;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      w.onDidReceiveMessage((m: { type?: string; filter?: LettersFilter; report?: RenderedReport }) => {
        if (m?.type === 'ready') {
          this.ready = true;
          this.update();
        } else if (m?.type === 'filter' && m.filter && typeof m.filter === 'object') onFilter(m.filter);
        else if (m?.type === 'rendered' && m.report) this.lastRendered = m.report;
      }),
      panel.onDidChangeViewState(() => panel.visible && this.update()),
    );
  }

  /** Sends the figures again (the library changed, or the panel became visible). */
  update(): void {
    if (this.ready) void this.panel.webview.postMessage({ type: 'data', data: summarize(this.letters()) });
  }

  dispose(): void {
    SummaryPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

// IMR: Show Letters Summary: totals and charts of the letter library in a webview. The
// server computes the figures (imr/lettersSummary, library/librarySummary.ts); the webview (media/summary.js) gets only those figures and
// the names it shows (guidelines, sections, specialties, months), never letter text. Strict
// CSP: nothing remote, the one script by nonce. A click on a bar or row filters the view.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LettersFilter, LettersSummary } from '../../../server/src/protocol';

export interface RenderedReport {
  charts: number;
  bars: number;
  rows: number;
}

/** Where the webview drew each bar, laid out at a width (the e2e suite asks: `measure`). */
export interface MeasuredLayout {
  /** The page's box (the width asked for). */
  page: Edges;
  /** Each chart's box. */
  charts: Edges[];
  bars: { chart: string; label: string; box: Edges; track: Edges; bar: Edges; count: Edges; labelBox: Edges }[];
}
export interface Edges {
  left: number;
  right: number;
}

export class SummaryPanel {
  static current: SummaryPanel | undefined;
  /** What the webview reported after drawing (read by the e2e suite). */
  lastRendered: RenderedReport | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private measured: ((m: MeasuredLayout) => void) | undefined;

  static show(extensionUri: vscode.Uri, figures: () => LettersSummary, onFilter: (f: LettersFilter) => void): SummaryPanel {
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
    return (SummaryPanel.current = new SummaryPanel(panel, extensionUri, figures, onFilter));
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly figures: () => LettersSummary,
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
<script nonce="${nonce}" src="${media('summaryLayout.js')}"></script>
<script nonce="${nonce}" src="${media('summary.js')}"></script></body></html>`;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      w.onDidReceiveMessage((m: { type?: string; filter?: LettersFilter; report?: RenderedReport & MeasuredLayout }) => {
        if (m?.type === 'ready') {
          this.ready = true;
          this.update();
        } else if (m?.type === 'filter' && m.filter && typeof m.filter === 'object') onFilter(m.filter);
        else if (m?.type === 'rendered' && m.report) this.lastRendered = m.report;
        else if (m?.type === 'measured' && m.report) this.measured?.(m.report);
      }),
      panel.onDidChangeViewState(() => panel.visible && this.update()),
    );
  }

  /** Sends the figures again (the library changed, or the panel became visible). */
  update(): void {
    if (this.ready) void this.panel.webview.postMessage({ type: 'data', data: this.figures() });
  }

  /** Lays the page out `width` pixels wide and says where each bar ends (for the e2e suite). */
  measure(width: number): Promise<MeasuredLayout> {
    return new Promise((resolve) => {
      this.measured = resolve;
      void this.panel.webview.postMessage({ type: 'measure', width });
    });
  }

  dispose(): void {
    SummaryPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

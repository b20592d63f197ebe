// Pages of a letter in the editor: a quiet `page 2` after the first line of each page (the form
// feeds themselves are not drawn: package.json turns off the control-character box and the
// Unicode highlight's border for letters, and the font's empty box is made transparent here) and `page 2 of 5` in the status bar for the page the cursor is on, for a pin cite.
// Where pages begin comes from the server's model (`imr/pages`), asked for when a letter is
// shown and again a moment after an edit, never on each keystroke. A letter of one page gets
// neither.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_ID, PAGES_REQUEST, type PagesParams } from '../../server/src/protocol';

/** After an edit, the pages are asked for once typing pauses this long. */
const EDIT_DELAY_MS = 400;

/** The line each page begins on (page k + 1 at index k), per document, for the version asked, and its form feeds. */
interface PageLines {
  version: number;
  lines: number[];
  formFeeds: vscode.Range[];
}

/** Where the document's form feeds are (drawing, not the page map: that is the server's). */
function formFeeds(doc: vscode.TextDocument): vscode.Range[] {
  const text = doc.getText();
  const out: vscode.Range[] = [];
  for (let at = text.indexOf('\f'); at !== -1; at = text.indexOf('\f', at + 1)) {
    const p = doc.positionAt(at);
    out.push(new vscode.Range(p, p.translate(0, 1)));
  }
  return out;
}

/** The 1-based page of `line`: the last page beginning on or before it. */
export function pageOfLine(lines: readonly number[], line: number): number {
  let page = 1;
  for (let k = 1; k < lines.length && lines[k] <= line; k++) page = k + 1;
  return page;
}

/** What an editor shows of its pages (the real-editor tests read it: the API cannot read decorations). */
export interface PagesShown {
  /** The page markers: the line each is drawn after, and its text. */
  markers: { line: number; text: string }[];
  /** The status bar's text for the active editor, or undefined when hidden. */
  status?: string;
  /** Pages of the editor's document, once the server has answered for it. */
  pages?: number;
  /** Form feeds drawn transparent. */
  hiddenFormFeeds: number;
}

export class PageMarkers implements vscode.Disposable {
  private readonly pages = new Map<string, PageLines>();
  private readonly drawn = new WeakMap<vscode.TextEditor, PagesShown['markers']>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly status = vscode.window.createStatusBarItem('imr.page', vscode.StatusBarAlignment.Left, 9);
  // Muted and after the text: a page break is a fact about the PDF, not a problem.
  private readonly marker = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  // A form feed has no glyph: the font would draw an empty box in its place.
  private readonly invisible = vscode.window.createTextEditorDecorationType({ opacity: '0' });
  private readonly subscriptions: vscode.Disposable[];
  private isShowing = false;

  constructor(private readonly client: LanguageClient) {
    this.status.name = 'IMR Page';
    this.status.tooltip = 'The page of the letter the cursor is on (as in the PDF: a form feed ends each page)';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((e) => (e ? void this.refresh(e.document) : this.showStatus())),
      vscode.window.onDidChangeVisibleTextEditors(() => this.drawAll()),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && this.showStatus()),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.later(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => d.languageId === LANGUAGE_ID && this.later(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())),
    ];
    for (const e of vscode.window.visibleTextEditors) void this.refresh(e.document);
  }

  private later(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(doc);
      }, EDIT_DELAY_MS),
    );
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.pages.delete(key);
  }

  /** Asks the server where the document's pages begin, then redraws its editors and the status bar. */
  private async refresh(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    if (doc.languageId !== LANGUAGE_ID) {
      this.pages.delete(key);
    } else if (this.pages.get(key)?.version !== doc.version) {
      const version = doc.version;
      const params: PagesParams = { uri: key };
      try {
        const r = await this.client.sendRequest(PAGES_REQUEST, params);
        // A newer version was asked for meanwhile: its answer draws.
        if (doc.version !== version) return;
        this.pages.set(key, { version, lines: r.starts.map((s) => s.line), formFeeds: formFeeds(doc) });
      } catch {
        return; // The server is restarting or the document closed: the next event asks again.
      }
    }
    this.drawAll();
  }

  private drawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const page = this.pages.get(editor.document.uri.toString());
      const lines = page?.lines ?? [];
      editor.setDecorations(this.invisible, page?.formFeeds ?? []);
      const options: vscode.DecorationOptions[] = lines.slice(1).map((line, k) => {
        const end = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range.end;
        return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: `page ${k + 2}` } } };
      });
      editor.setDecorations(this.marker, options);
      this.drawn.set(
        editor,
        options.map((o) => ({ line: o.range.start.line, text: o.renderOptions!.after!.contentText! })),
      );
    }
    this.showStatus();
  }

  private showStatus(): void {
    const editor = vscode.window.activeTextEditor;
    const lines = editor ? this.pages.get(editor.document.uri.toString())?.lines : undefined;
    this.isShowing = Boolean(editor && lines && lines.length > 1);
    if (!this.isShowing) return this.status.hide();
    this.status.text = `page ${pageOfLine(lines!, editor!.selection.active.line)} of ${lines!.length}`;
    this.status.show();
  }

  shown(editor: vscode.TextEditor): PagesShown {
    const status = this.isShowing && editor === vscode.window.activeTextEditor ? this.status.text : undefined;
    const page = this.pages.get(editor.document.uri.toString());
    return {
      markers: this.drawn.get(editor) ?? [],
      status,
      pages: page?.lines.length,
      hiddenFormFeeds: this.drawn.has(editor) ? (page?.formFeeds.length ?? 0) : 0,
    };
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.status.dispose();
    this.marker.dispose();
    this.invisible.dispose();
  }
}

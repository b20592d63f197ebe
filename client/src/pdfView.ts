// PDF letters in the editor (issue 13, item 4): a read-only text view of a PDF on the `imr-pdf:`
// scheme, whose path is the PDF's path + `.txt` (the tab reads `001.pdf.txt`). The text comes from the
// language server (`imr/pdfText`): the client never parses a PDF. One view per PDF (its URI is
// the PDF's), refreshed when the PDF changes on disk; Save As writes the text to a `.txt`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, PDF_SCHEME, PDF_TEXT_REQUEST, PDF_VIEW_SUFFIX, type PdfTextParams, stripSuffix } from '../../server/src/protocol';

export const viewUriOf = (pdf: vscode.Uri): vscode.Uri => pdf.with({ scheme: PDF_SCHEME, path: pdf.path + PDF_VIEW_SUFFIX });
export const pdfUriOf = (view: vscode.Uri): vscode.Uri => view.with({ scheme: 'file', path: stripSuffix(view.path) });

/** The server's message for a PDF it cannot read (it names the file and the reason). */
const messageOf = (e: unknown): string => String((e as { message?: string })?.message ?? e);

/**
 * A read-only file system whose files are the texts of PDFs. Read-only for VS Code itself
 * (`isReadonly`), so the editor, edits and saves to it are refused; Save As goes elsewhere.
 */
class PdfTextFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Text fetched by the open command, handed to the first readFile (the PDF is read once). */
  private readonly fetched = new Map<string, string>();
  /** The last text served per view: its size for stat, and what an edit is undone to. */
  private readonly served = new Map<string, { text: string; size: number }>();

  constructor(private readonly client: () => Promise<LanguageClient>) {}

  /** Asks the server for the text; rejects with the server's message. */
  async readText(view: vscode.Uri): Promise<string> {
    const client = await this.client();
    const params: PdfTextParams = { uri: pdfUriOf(view).toString() };
    const r = await client.sendRequest(PDF_TEXT_REQUEST, params);
    return r.text;
  }

  servedText(view: vscode.Uri): string | undefined {
    return this.served.get(view.toString())?.text;
  }

  forget(view: vscode.Uri): void {
    this.served.delete(view.toString());
  }

  prefetched(view: vscode.Uri, text: string): void {
    this.fetched.set(view.toString(), text);
  }

  /** The PDF changed on disk: VS Code re-reads the view (a non-dirty model reloads). */
  fireChanged(view: vscode.Uri): void {
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: view }]);
  }

  watch(): vscode.Disposable {
    // The PDF's own FileSystemWatcher (PdfViews) reports changes; nothing to watch here.
    return new vscode.Disposable(() => undefined);
  }

  async stat(view: vscode.Uri): Promise<vscode.FileStat> {
    const st = await vscode.workspace.fs.stat(pdfUriOf(view));
    if (st.type & vscode.FileType.Directory) return { ...st, permissions: vscode.FilePermission.Readonly };
    return {
      type: vscode.FileType.File,
      ctime: st.ctime,
      mtime: st.mtime,
      size: this.served.get(view.toString())?.size ?? st.size,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(view: vscode.Uri): Promise<Uint8Array> {
    const key = view.toString();
    let text = this.fetched.get(key);
    this.fetched.delete(key);
    if (text === undefined) {
      try {
        text = await this.readText(view);
      } catch (e) {
        throw vscode.FileSystemError.Unavailable(messageOf(e));
      }
    }
    const bytes = new TextEncoder().encode(text);
    this.served.set(key, { text, size: bytes.length });
    return bytes;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  private readonly refuse = (): never => {
    throw vscode.FileSystemError.NoPermissions('The text of a PDF is read-only: use "IMR: Save Letter Text As…" to edit a copy.');
  };
  createDirectory = this.refuse;
  writeFile = this.refuse;
  delete = this.refuse;
  rename = this.refuse;
}

/** A Uri from a command argument: a Uri, a URI string, or a path. */
function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return /^[a-z][a-z0-9+.-]+:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return undefined;
}

/** A Range from a command argument: a vscode.Range or its JSON ({start:{line,character},end}). */
function toRange(arg: unknown): vscode.Range | undefined {
  if (arg instanceof vscode.Range) return arg;
  const r = arg as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const [sl, sc, el, ec] = [n(r?.start?.line), n(r?.start?.character), n(r?.end?.line), n(r?.end?.character)];
  if (sl === undefined || sc === undefined) return undefined;
  return new vscode.Range(sl, sc, el ?? sl, ec ?? sc);
}

/**
 * Registers the `imr-pdf:` file system, the open and Save As commands, and the watchers that
 * refresh a view when its PDF changes. `client` resolves once the language server runs.
 */
export function registerPdfView(context: vscode.ExtensionContext, languageId: string, client: () => Promise<LanguageClient>): void {
  new PdfViews(languageId, new PdfTextFileSystem(client)).register(context);
}

/** The open PDF views: one method per event handler and command, sharing the watchers. */
class PdfViews {
  /** One watcher per open view, by the view's URI. */
  private readonly watchers = new Map<string, vscode.Disposable>();
  /** Set while an edit is being undone, so the undo itself is not undone. */
  private restoring = false;

  constructor(
    private readonly languageId: string,
    private readonly fs: PdfTextFileSystem,
  ) {}

  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.workspace.registerFileSystemProvider(PDF_SCHEME, this.fs, {
        isCaseSensitive: true,
        isReadonly: new vscode.MarkdownString('The text of a PDF letter is read-only. **IMR: Save Letter Text As…** writes it to a `.txt` you can edit.'),
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.onOpen(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onClose(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => void this.onChange(e).then(undefined, () => undefined)),
      vscode.commands.registerCommand(COMMANDS.openPdf, (arg?: unknown, rangeArg?: unknown) => this.openPdf(arg, rangeArg)),
      vscode.commands.registerCommand(COMMANDS.openPdfFromExplorer, (uri?: unknown) => this.openPdf(uri)),
      vscode.commands.registerCommand(COMMANDS.saveLetterTextAs, (arg?: unknown, target?: unknown) => this.saveTextAs(arg, target)),
      new vscode.Disposable(() => {
        for (const w of this.watchers.values()) w.dispose();
        this.watchers.clear();
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.onOpen(doc);
  }

  /** A view is an IMR letter whatever detection of .txt letters is set to. */
  private async asLetter(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
    return doc.languageId === this.languageId ? doc : vscode.languages.setTextDocumentLanguage(doc, this.languageId);
  }

  private onOpen(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== PDF_SCHEME) return;
    const key = doc.uri.toString();
    if (!this.watchers.has(key)) {
      // One watcher per open view, on its PDF alone (also outside the workspace folders).
      const pdf = pdfUriOf(doc.uri);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(pdf.fsPath)), path.basename(pdf.fsPath)));
      const refresh = () => this.fs.fireChanged(doc.uri);
      w.onDidChange(refresh);
      w.onDidCreate(refresh);
      this.watchers.set(key, w);
    }
    if (doc.languageId !== this.languageId) void this.asLetter(doc).then(undefined, () => undefined);
  }

  private onClose(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== PDF_SCHEME) return;
    // setTextDocumentLanguage closes and re-opens the document: keep the watcher of a view still open.
    setTimeout(() => {
      const key = doc.uri.toString();
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
      this.watchers.get(key)?.dispose();
      this.watchers.delete(key);
      this.fs.forget(doc.uri);
    }, 1000);
  }

  /**
   * VS Code keeps people from typing in a read-only editor, but applies an extension's
   * WorkspaceEdit to its model all the same (without making it dirty, so a revert does
   * nothing): such an edit is undone at once by putting the PDF's text back.
   */
  private async onChange(e: vscode.TextDocumentChangeEvent): Promise<void> {
    if (e.document.uri.scheme !== PDF_SCHEME || e.contentChanges.length === 0 || this.restoring) return;
    const text = this.fs.servedText(e.document.uri);
    // Compared without line-ending differences (the model keeps one line ending).
    const eol = (t: string) => t.replace(/\r\n?/g, '\n');
    if (text === undefined || eol(e.document.getText()) === eol(text)) return;
    this.restoring = true;
    try {
      const all = new vscode.Range(0, 0, e.document.lineCount, 0);
      const undo = new vscode.WorkspaceEdit();
      undo.replace(e.document.uri, e.document.validateRange(all), text);
      await vscode.workspace.applyEdit(undo);
      void vscode.window.showWarningMessage(
        `IMR: ${path.basename(e.document.uri.path)} is the text of a PDF and read-only; the edit was undone. "IMR: Save Letter Text As…" makes a copy to edit.`,
      );
    } finally {
      this.restoring = false;
    }
  }

  /** The PDF a command names, asked for with a dialog when not given; undefined when there is none on disk. */
  private async pdfOf(arg: unknown): Promise<vscode.Uri | undefined> {
    let pdf = toUri(arg);
    if (!pdf) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'PDF letters': ['pdf'] }, openLabel: 'Open as IMR Determination' });
      pdf = picked?.[0];
      if (!pdf) return undefined;
    }
    if (pdf.scheme === PDF_SCHEME) pdf = pdfUriOf(pdf);
    if (pdf.scheme !== 'file') {
      void vscode.window.showErrorMessage(`IMR: ${pdf.toString(true)}: cannot read PDF: only PDF files on disk can be opened.`);
      return undefined;
    }
    return pdf;
  }

  /** Opens the view of a PDF (asked for with a dialog when not given); undefined when it cannot be read. */
  private async openPdf(arg?: unknown, rangeArg?: unknown): Promise<vscode.Uri | undefined> {
    const pdf = await this.pdfOf(arg);
    if (!pdf) return undefined;
    const view = viewUriOf(pdf);
    let doc: vscode.TextDocument;
    try {
      // The same PDF twice: its view, as it is (it follows the file through the watcher).
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === view.toString())) this.fs.prefetched(view, await this.fs.readText(view));
      doc = await this.asLetter(await vscode.workspace.openTextDocument(view));
    } catch (e) {
      void vscode.window.showErrorMessage(`IMR: ${messageOf(e)}`);
      return undefined;
    }
    const range = toRange(rangeArg);
    await vscode.window.showTextDocument(doc, { preview: false, selection: range });
    if (range) vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return view;
  }

  /**
   * Writes the view's text to a .txt chosen by the user (`targetArg`: no dialog), and opens it
   * for editing. The text is the PDF reader's, page breaks included: a form feed ends each page,
   * as pdftotext writes them, so the copy keeps its page numbers.
   */
  private async saveTextAs(arg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
    const given = toUri(arg);
    const view = given?.scheme === PDF_SCHEME ? given : vscode.window.activeTextEditor?.document.uri;
    if (!view || view.scheme !== PDF_SCHEME) {
      void vscode.window.showInformationMessage('IMR: open a PDF as a determination first (IMR: Open PDF as Determination).');
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === view.toString()) ?? (await vscode.workspace.openTextDocument(view));
    const pdf = pdfUriOf(view);
    const target =
      toUri(targetArg) ??
      (await vscode.window.showSaveDialog({
        defaultUri: pdf.with({ path: pdf.path.replace(/\.pdf$/i, '') + '.txt' }),
        filters: { 'Text letters': ['txt'] },
        saveLabel: 'Save Letter Text',
      }));
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(doc.getText()));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
    return target;
  }
}

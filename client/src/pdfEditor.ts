// Open With… → "IMR Determination" on a PDF (issue 20, point 11). VS Code shows a PDF as
// "binary or unsupported" unless a PDF viewer is installed; this read-only custom editor, at
// `option` priority, is offered beside any viewer without replacing it. It has nothing of its
// own to show: it opens the letter's `imr-pdf:` text view (outline, problems, hovers, pages)
// through the open command, and closes its own placeholder tab.
import * as vscode from 'vscode';
import { COMMANDS, PDF_EDITOR_VIEW_TYPE } from '../../server/src/protocol';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The placeholder while the view opens, or when the PDF could not be read (the notification says why). */
function placeholder(pdf: vscode.Uri, failed: boolean): string {
  const name = escapeHtml(pdf.path.split('/').pop() ?? '');
  const body = failed ? `${name} could not be opened as an IMR determination: the notification says why.` : `Opening the text of ${name}…`;
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><p>${body}</p></body></html>`;
}

/** This editor's tab for `pdf`, once VS Code has made it. */
function ownTab(pdf: vscode.Uri): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputCustom && tab.input.viewType === PDF_EDITOR_VIEW_TYPE && tab.input.uri.toString() === pdf.toString()) return tab;
    }
  }
  return undefined;
}

class PdfLetterEditor implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false };
    panel.webview.html = placeholder(document.uri, false);
    // The open command reads the PDF (through the server) and shows its view, or says why it cannot.
    const view = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.openPdf, document.uri);
    if (!view) {
      panel.webview.html = placeholder(document.uri, true);
      return;
    }
    const tab = ownTab(document.uri);
    if (tab) await vscode.window.tabGroups.close(tab);
    else panel.dispose();
  }
}

export function registerPdfEditor(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(PDF_EDITOR_VIEW_TYPE, new PdfLetterEditor(), { supportsMultipleEditorsPerDocument: true }),
  );
}

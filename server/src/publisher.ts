// Diagnostics and the status bar, pushed to the client: when a document opens, when typing
// pauses (`imr.run: onType`) or it is saved (`onSave`), and when settings change.
import { type Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documents';
import { toDiagnostics } from './features/diagnostics';
import { statusCounts } from './features/statusCounts';
import { STATUS_NOTIFICATION, type StatusCounts, type StatusParams } from './protocol';
import { DIAGNOSTICS_DELAY_MS } from './timing';

export class Publisher {
  /** `docsBase`: a file: URI of the folder of rule pages, linked from each diagnostic. */
  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly docsBase: () => string | undefined,
  ) {}

  publish(doc: TextDocument): void {
    const state = this.docs.state(doc.uri);
    state.publishedVersion = doc.version;
    const analysis = this.docs.analysis(doc);
    if (analysis.declined) {
      if (!state.declinedShown) {
        state.declinedShown = true;
        // A plain notification: nothing to answer, so nothing waits on the user.
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `IMR: this document was not checked (${analysis.declined}).` });
      }
      void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      this.sendStatus(doc, statusCounts(analysis.model, []));
      return;
    }
    const findings = analysis.findings();
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: toDiagnostics(analysis.model, findings, this.docsBase()) });
    this.sendStatus(doc, statusCounts(analysis.model, findings));
  }

  /** Publishes once typing has paused, unless that version was published already. */
  schedule(doc: TextDocument): void {
    const state = this.docs.state(doc.uri);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const current = this.docs.get(doc.uri);
      if (current && this.docs.state(current.uri).publishedVersion !== current.version) this.publish(current);
    }, DIAGNOSTICS_DELAY_MS);
  }

  /** The document closed: its problems leave the Problems panel. */
  clear(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private sendStatus(doc: TextDocument, counts: StatusCounts): void {
    const state = this.docs.state(doc.uri);
    const key = JSON.stringify(counts);
    if (state.statusSent === key) return;
    state.statusSent = key;
    const params: StatusParams = { uri: doc.uri, version: doc.version, ...counts };
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }
}

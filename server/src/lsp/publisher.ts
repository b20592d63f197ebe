// Diagnostics and the status bar, pushed to the client: when a document opens, when typing
// pauses (`imr.run: onType`) or it is saved (`onSave`), and when settings change.
import { pathToFileURL } from 'node:url';
import { type Connection, DiagnosticSeverity, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import { consequenceOf, type TeamConfig } from '../config/teamConfig';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documents';
import { toDiagnostics } from '../features/diagnostics';
import { statusCounts } from '../features/statusCounts';
import { sendCustomNotification } from './params';
import { STATUS_NOTIFICATION, type StatusCounts, type StatusParams } from '../protocol';
import { DIAGNOSTICS_DELAY_MS } from './timing';

export class Publisher {
  /** What was last published on each `.imr.json` an open letter uses (its problems, as a key). */
  private readonly teamSent = new Map<string, string>();

  /**
   * `docsBase`: a file: URI of the folder of rule pages, linked from each diagnostic.
   * `teamFor`: the `.imr.json` that applies to a document, whose own problems are shown on it.
   */
  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly docsBase: () => string | undefined,
    private readonly teamFor: (uri: string) => TeamConfig | null = () => null,
  ) {}

  publish(doc: TextDocument): void {
    const state = this.docs.state(doc.uri);
    state.publishedVersion = doc.version;
    const analysis = this.docs.analysis(doc);
    if (analysis.declined) {
      if (!state.declinedShown) {
        state.declinedShown = true;
        // A plain notification: nothing to answer, so nothing waits on the user.
        void this.connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Warning,
          message: `IMR: this document was not checked (${analysis.declined}).`,
        });
      }
      void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      this.sendStatus(doc, statusCounts(analysis.model, []));
      return;
    }
    const findings = analysis.findings();
    void this.connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: toDiagnostics(analysis.model, findings, this.docsBase(), doc.uri),
    });
    this.sendStatus(doc, statusCounts(analysis.model, findings));
    this.publishTeamConfig(this.teamFor(doc.uri));
  }

  /** A team file's own problems, as problems in that file; sent only when they change. */
  private publishTeamConfig(team: TeamConfig | null): void {
    if (!team?.source) return;
    const key = JSON.stringify(team.errors);
    if (this.teamSent.get(team.source) === key) return;
    this.teamSent.set(team.source, key);
    const diagnostics = team.errors.map((e) => {
      const at = { line: e.line - 1, character: e.column - 1 };
      return { range: { start: at, end: at }, severity: DiagnosticSeverity.Error, source: 'imr', message: `${e.message} (${consequenceOf(team)})` };
    });
    void this.connection.sendDiagnostics({ uri: pathToFileURL(team.source).href, diagnostics });
  }

  /** A team file changed or went away: its problems are published afresh (or cleared). */
  forgetTeamConfig(source: string): void {
    if (this.teamSent.delete(source)) void this.connection.sendDiagnostics({ uri: pathToFileURL(source).href, diagnostics: [] });
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
    sendCustomNotification(this.connection, STATUS_NOTIFICATION, params);
  }
}

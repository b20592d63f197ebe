// What the server is configured with: the `imr.*` settings and the knowledge base they name.
// One holder, so an analysis reads the settings and knowledge base current when it runs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AnalysisConfig, DocumentConfig } from './analysis';
import { knowledgeBaseFor } from './config/knowledgeBaseFile';
import { loadTeamConfigFor, type TeamConfig } from './config/teamConfig';
import { defaultKnowledgeBase, loadKnowledgeBase, parseUserKnowledgeBaseFile } from './mtus/load';
import type { KnowledgeBase } from './mtus/query';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

export class ServerConfig implements AnalysisConfig {
  settings: Settings = DEFAULT_SETTINGS;
  private userKb: KnowledgeBase | null = null;
  private kbFileLoaded = '';

  /** `showError`: how a bad knowledge-base file is reported to the user. */
  constructor(private readonly showError: (message: string) => void) {}

  /** The bundled knowledge base is built on first use, not at start: initialize answers sooner. */
  kb(): KnowledgeBase {
    return this.userKb ?? defaultKnowledgeBase();
  }

  /** The team file that applies to a document on disk (none for untitled and virtual documents). */
  teamFor(uri: string): TeamConfig | null {
    const file = documentPath(uri);
    return file ? loadTeamConfigFor(file) : null;
  }

  /**
   * The user's settings over the document's `.imr.json`: its rules under `imr.rules`, its
   * knowledge-base file unless `imr.knowledgeBaseFile` names one. A cached look-up per folder.
   */
  forDocument(uri: string): DocumentConfig {
    const team = this.teamFor(uri);
    if (!team?.source) return { levels: this.settings.rules, kb: this.kb(), ignored: false };
    const file = documentPath(uri)!;
    const kb = !this.settings.knowledgeBaseFile && team.knowledgeBaseFile ? knowledgeBaseFor(team.knowledgeBaseFile) : this.kb();
    return { levels: { ...team.rules, ...this.settings.rules }, kb, ignored: team.ignore(file) };
  }

  /** New settings from the client (anything malformed falls back to the default), and the knowledge base they name. */
  async update(raw: unknown): Promise<void> {
    this.settings = normalizeSettings(raw);
    await this.refreshKnowledgeBase();
  }

  /** Reads the user's knowledge-base file when the setting names a new one; reports bad entries. */
  private async refreshKnowledgeBase(): Promise<void> {
    const file = this.settings.knowledgeBaseFile;
    if (file === this.kbFileLoaded) return;
    this.kbFileLoaded = file;
    if (!file) {
      this.userKb = null;
      return;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      this.userKb = null;
      this.showError(`IMR: cannot read the knowledge-base file '${file}': ${(e as NodeJS.ErrnoException).code ?? 'error'}.`);
      return;
    }
    // A syntax error discards the file; a bad entry only itself (listed in loadErrors).
    const parsed = parseUserKnowledgeBaseFile(text);
    const loaded = parsed.value === undefined ? defaultKnowledgeBase() : loadKnowledgeBase(parsed.value);
    const errors = parsed.value === undefined ? parsed.errors : loaded.loadErrors;
    this.userKb = loaded;
    if (errors.length > 0) {
      const shown = errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ');
      this.showError(`IMR: ${errors.length} problem(s) in the knowledge-base file '${file}' (those entries are ignored): ${shown}`);
    }
  }
}

/** The file a document URI names, when it is one on disk. */
export function documentPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

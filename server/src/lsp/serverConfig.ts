// What the server is configured with: the `imr.*` settings and the knowledge base they name.
// One holder, so an analysis reads the settings and knowledge base current when it runs.
import { fileURLToPath } from 'node:url';
import type { AnalysisConfig } from './analysis';
import { knowledgeBaseFor, loadKnowledgeBaseFile } from '../config/knowledgeBaseFile';
import { loadTeamConfigFor, type TeamConfig } from '../config/teamConfig';
import { type CheckConfig, checkConfigFor, type UserCheckSettings } from '../pipeline/checkText';
import type { KnowledgeBase } from '../mtus/query';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

export class ServerConfig implements AnalysisConfig {
  settings: Settings = DEFAULT_SETTINGS;
  private kbFileLoaded = '';

  /** `showError`: how a bad knowledge-base file is reported to the user. */
  constructor(private readonly showError: (message: string) => void) {}

  /** The bundled knowledge base is built on first use, not at start: initialize answers sooner. */
  kb(): KnowledgeBase {
    return knowledgeBaseFor(this.settings.knowledgeBaseFile || undefined);
  }

  /** The team file that applies to a document on disk (none for untitled and virtual documents). */
  teamFor(uri: string): TeamConfig | null {
    const file = documentPath(uri);
    return file ? loadTeamConfigFor(file) : null;
  }

  /** The user's side of what applies to every document (and to the index's threads). */
  user(): UserCheckSettings {
    return { rules: this.settings.rules, knowledgeBaseFile: this.settings.knowledgeBaseFile };
  }

  /** What applies to a document: the pipeline's one resolution, as the index and imr-check make it. */
  forDocument(uri: string): CheckConfig {
    return checkConfigFor(documentPath(uri), this.user());
  }

  /** New settings from the client (anything malformed falls back to the default), and the knowledge base they name. */
  async update(raw: unknown): Promise<void> {
    this.settings = normalizeSettings(raw);
    await this.refreshKnowledgeBase();
  }

  /** Reports a bad user knowledge-base file once per file named (its problems also show in the file: knowledgeBaseWatch.ts). */
  private async refreshKnowledgeBase(): Promise<void> {
    const file = this.settings.knowledgeBaseFile;
    if (file === this.kbFileLoaded) return;
    this.kbFileLoaded = file;
    if (!file) return;
    const { errors } = loadKnowledgeBaseFile(file);
    if (errors.length > 0)
      this.showError(`IMR: ${errors.length} problem(s) in the knowledge-base file (those entries are ignored): ${errors.slice(0, 5).join('; ')}`);
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

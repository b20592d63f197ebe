// Library files opened in the editor (`imr/openLibrary`), beside the workspace's own library:
// each read-only on a database thread of its own (a query over a large archive never holds up
// the workspace's), answering the same queries. Never written, never rebuilt: a bad file is
// refused with the reason libraryFile.ts gives, naming the file, and nothing else changes.
import * as path from 'node:path';
import type {
  LetterGroupsParams,
  LetterGroupsResult,
  LetterSummary,
  LettersParams,
  LettersSummary,
  LettersSummaryParams,
  OpenLibraryResult,
} from '../protocol';
import { type Failure, failure } from '../util/failure';
import { LibraryStore } from './libraryStore';

interface Opened {
  id: string;
  file: string;
  store: LibraryStore;
}

export class OpenedLibraries {
  private readonly opened = new Map<string, Opened>();
  private next = 1;

  /** Opens `file` read-only; the same file again answers the id it has. */
  async open(file: string): Promise<{ ok: true; result: OpenLibraryResult } | Failure> {
    const absolute = path.resolve(file);
    const store = new LibraryStore();
    try {
      const letters = await store.openFile(absolute);
      const known = [...this.opened.values()].find((o) => o.file === absolute);
      if (known) {
        await store.close();
        return { ok: true, result: { id: known.id, file: absolute, letters } };
      }
      const id = `library-${this.next++}`;
      this.opened.set(id, { id, file: absolute, store });
      return { ok: true, result: { id, file: absolute, letters } };
    } catch (e) {
      await store.close();
      // The thread answers libraryFile.ts's message: the file and the reason, never its content.
      return failure(e instanceof Error ? e.message : `${absolute}: it could not be opened`);
    }
  }

  async close(id: string): Promise<null> {
    const o = this.opened.get(id);
    this.opened.delete(id);
    await o?.store.close();
    return null;
  }

  async letters(id: string, p: LettersParams): Promise<LetterSummary[]> {
    return (await this.storeOf(id).request({ op: 'letters', params: p })) as LetterSummary[];
  }

  async groups(id: string, p: LetterGroupsParams): Promise<LetterGroupsResult> {
    return (await this.storeOf(id).request({ op: 'groups', params: p })) as LetterGroupsResult;
  }

  async summary(id: string, p: LettersSummaryParams): Promise<LettersSummary> {
    return (await this.storeOf(id).request({ op: 'summary', params: p })) as LettersSummary;
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.opened.keys()].map((id) => this.close(id)));
  }

  private storeOf(id: string): LibraryStore {
    const o = this.opened.get(id);
    if (!o) throw new Error(`no library is open as '${id}' (it was closed)`);
    return o.store;
  }
}

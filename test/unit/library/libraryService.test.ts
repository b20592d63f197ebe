// The library's progress notices (imr/lettersChanged): at most one per 150 ms while the index
// reads, and the last one, "indexing ended", at once. Timers are mocked: nothing here waits on
// the clock, and a notice that waited for the progress timer would never arrive.
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { BUNDLED_DEFAULTS, checkText } from '../../../server/src/pipeline/checkText';
import { LETTERS_CHANGED_DELAY_MS, LibraryService } from '../../../server/src/library/libraryService';
import type { LettersChangedParams } from '../../../server/src/protocol';
import type { IndexFileSystem } from '../../../server/src/workspace/nodeFileSystem';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { syntheticLetter } from '../../helpers/cli';

/** Letters in memory; each read waits for `release()`, so the index is busy for as long as the test says. */
class GatedFs implements IndexFileSystem {
  readonly files = new Map<string, string>();
  private opened!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  release(): void {
    this.opened();
  }
  async readFile(p: string): Promise<string> {
    await this.gate;
    return this.files.get(p) ?? '';
  }
  listFiles(root: string): Promise<string[]> {
    return Promise.resolve([...this.files.keys()].filter((p) => p.startsWith(`${root}/`)));
  }
}

const until = async (done: () => boolean) => {
  for (let turns = 0; !done(); turns++) {
    assert.ok(turns < 10_000, 'never happened');
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

describe('imr/lettersChanged', () => {
  test('progress waits for its timer; the end of indexing is said at once', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const notices: LettersChangedParams[] = [];
      const library = new LibraryService({
        check: (_uri, text) => checkText(text, BUNDLED_DEFAULTS()),
        context: () => 'test',
        settings: () => ({ rules: {}, knowledgeBaseFile: '' }),
        notify: (p) => notices.push(p),
        log: () => undefined,
      });
      const fs = new GatedFs();
      for (let k = 1; k <= 3; k++) fs.files.set(`/ws/letter-${k}.txt`, syntheticLetter(`CM99-000012${k}`));
      const index = new WorkspaceIndex(fs, { library });
      library.attach(index);
      library.start(undefined);
      index.addRoot('/ws');
      await until(() => index.indexing());
      // Progress: only once the timer fires.
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(notices.length, 0);
      mock.timers.tick(LETTERS_CHANGED_DELAY_MS);
      await until(() => notices.length === 1);
      assert.equal(notices[0].indexing, true);
      // The reads finish: the last notice comes without the clock moving.
      fs.release();
      await until(() => notices.length === 2);
      assert.deepEqual(notices[1], { indexing: false, letters: 3, queued: 0 });
      await library.shutdown();
    } finally {
      mock.timers.reset();
    }
  });
});

// Saves PNGs of what a user sees into screenshots/ (git-ignored), using the code-server
// workbench from web-runner.mjs with the extension loaded from the working tree (build it first):
//   outline.png  - a two-item letter with the Outline view showing sections, items and fields
//   problems.png - a draft without its `Decision rationale:` and the Problems view listing it
//   hover.png    - the hover on a `Page(s): 98-99` page reference
// usage: node scripts/e2e/screenshots.mjs [--only outline,problems,hover]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, disposeOnSignal, launchWorkbench, runCommand, workbenchUrl } from './web-runner.mjs';

const { values: o } = parseArgs({ options: { only: { type: 'string', default: 'outline,problems,hover' } } });
const only = new Set(o.only.split(','));
const OUT = path.join(ROOT, 'screenshots');
const SAMPLES = path.join(ROOT, 'samples');
const t0 = Date.now();
const log = (...a) => console.log(`[screenshots +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
mkdirSync(OUT, { recursive: true });
if (!existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run npm run build');

// The Problems shot needs a letter with a missing rationale. Use the lead's draft when present,
// else a temporary copy of a sample cut just before its `Decision rationale:` paragraph.
const scratch = mkdtempSync(path.join(tmpdir(), 'imr-shots-'));
let draft = path.join(SAMPLES, 'draft-missing-rationale.imr');
if (!existsSync(draft)) {
  const text = readFileSync(path.join(SAMPLES, 'physical-therapy-overturned.imr'), 'utf8');
  draft = path.join(scratch, 'draft-missing-rationale.imr');
  writeFileSync(draft, text.slice(0, text.indexOf('Decision rationale:')));
  log('samples/draft-missing-rationale.imr absent; using a copy without its rationale:', draft);
}

const wb = await launchWorkbench({
  folder: SAMPLES, log, viewport: { width: 1440, height: 900 },
  settings: {
    'outline.collapseItems': 'alwaysExpand', 'editor.minimap.enabled': false, 'editor.stickyScroll.enabled': false,
    'workbench.colorTheme': 'Default Light Modern',
    'workbench.reduceMotion': 'on', // hovers and widgets otherwise get captured mid fade-in
  },
  onOutput: () => {},
});
disposeOnSignal(async () => { await wb.dispose(); rmSync(scratch, { recursive: true, force: true }); });
const { page } = wb;

/** Reloads the workbench with one file open, and waits until it is shown as an IMR letter. */
async function open(file) {
  await page.goto(workbenchUrl(wb.server, { folder: SAMPLES, extensionDevelopmentPath: ROOT, openFile: file }));
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60000 });
  // Language status entry: `.txt` letters only get it once the client has switched them.
  await page.locator('.statusbar-item', { hasText: 'IMR Determination' }).first().waitFor({ timeout: 60000 });
}

async function shot(name) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  log('saved', path.relative(ROOT, file));
}

let failed = false;
try {
  if (only.has('outline')) {
    await open(path.join(SAMPLES, 'pt-and-acupuncture.txt'));
    await runCommand(page, 'Explorer: Focus on Outline View');
    // Room for the whole outline: collapse the folder section, widen the side bar by its sash.
    await page.locator('.sidebar .pane-header.expanded[aria-label^="Explorer Section"]').click();
    const sash = await page.locator('.monaco-sash.vertical:not(.disabled)').first().boundingBox();
    await page.mouse.move(sash.x + sash.width / 2, sash.y + sash.height / 2);
    await page.mouse.down();
    await page.mouse.move(sash.x + 160, sash.y + sash.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.mouse.move(900, 450); // off the sash, which highlights under the pointer
    await runCommand(page, 'Explorer: Focus on Outline View');
    // Sections and items come from the language server: wait for a field row under an item.
    await page.locator('.outline-pane .monaco-list-row', { hasText: 'Acupuncture for cervical/thoracic spine #8' }).first().waitFor({ timeout: 60000 });
    await page.locator('.outline-pane .monaco-list-row', { hasText: /Decision rationale/ }).first().waitFor({ timeout: 30000 });
    await shot('outline.png');
  }
  if (only.has('problems')) {
    await open(draft);
    await runCommand(page, 'Problems: Focus on Problems View');
    // A file row plus at least one marker row once diagnostics arrive.
    const marker = page.locator('.markers-panel .monaco-list-row', { has: page.locator('.marker-message') }).first();
    await marker.waitFor({ timeout: 60000 });
    await marker.click(); // reveals the squiggle in the editor
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').first().waitFor({ timeout: 10000 });
    await shot('problems.png');
  }
  if (only.has('hover')) {
    const file = path.join(SAMPLES, 'physical-therapy-overturned.imr');
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('Page(s): 98-99'));
    const column = lines[line].indexOf('98-99') + 2; // inside "98-99" (1-based)
    await open(file);
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type(`${line + 1}:${column}`);
    await page.keyboard.press('Enter');
    // The server may still be starting: ask for the hover until it shows real content.
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasNotText: 'Loading' }).first();
    for (let attempt = 0; ; attempt++) {
      await runCommand(page, 'Show or Focus Hover');
      try { await hover.waitFor({ timeout: 5000 }); break; } catch (e) { if (attempt >= 8) throw e; }
      await page.keyboard.press('Escape');
    }
    await shot('hover.png');
  }
} catch (e) {
  failed = true;
  console.error(e);
  await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
  log('state at failure saved to screenshots/failure.png');
} finally {
  await wb.dispose();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// Saves PNGs of what a user sees into screenshots/ (git-ignored), using the code-server
// workbench from web-runner.mjs with the extension loaded from the working tree (build it first):
//   outline.png     - a two-item letter with the Outline view showing sections, items and fields
//   problems.png    - a draft without its `Decision rationale:` and the Problems view listing it
//   hover.png       - the hover on a `Page(s): 98-99` page reference
//   highlighted.png - a 2014-2015 letter and a typed draft side by side, in the grammar's colours
//   statusbar.png   - the draft with the status bar item counting its items, decisions and problems
//   pdf.png         - a PDF opened from the Explorer's "Open as IMR Determination": its read-only
//                     view with the Outline (corpus 2016-2017/pdf/001.pdf when the corpus is there,
//                     else a PDF made from a seed letter; copied into the workspace for the shot
//                     and removed after, never committed)
//   library-view.png, library-summary.png - the IMR Letters view grouped by outcome, and the
//                     letters summary webview (its charts are checked in the webview's DOM)
//   similar.png     - the draft with the code lens above its physical therapy item ("3 similar:
//                     ..."), clicked: the IMR Letters view filtered to those letters
//   library-opened.png - IMR: Open Letters Library… through the palette and the workbench's own
//                     file dialog: a library written by imr-check beside the workspace's letters,
//                     one letter whose file is gone saying where it was
// The status bar item cannot be read through the extension API, so the statusbar step also checks
// its text in the workbench's DOM (and that it follows the active editor) and fails if it is wrong.
// usage: node scripts/e2e/screenshots.mjs [--only outline,problems,hover,highlighted,statusbar,library,openlib,pdf,similar] [--theme light|dark|hc|hc-light]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, disposeOnSignal, launchWorkbench, runCommand, workbenchUrl } from './web-runner.mjs';

const ALL = 'outline,problems,hover,highlighted,statusbar,library,openlib,pdf,similar';
// --theme dark|hc|hc-light: the same shots in another theme, saved as <name>-<theme>.png.
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern', hc: 'Default High Contrast', 'hc-light': 'Default High Contrast Light' };
const { values: o } = parseArgs({ options: { only: { type: 'string', default: ALL }, theme: { type: 'string', default: 'light' } } });
if (!THEMES[o.theme]) throw new Error(`unknown theme '${o.theme}' (known: ${Object.keys(THEMES).join(', ')})`);
const suffix = o.theme === 'light' ? '' : `-${o.theme}`;
const only = new Set(o.only.split(','));
for (const name of only) if (!ALL.split(',').includes(name)) throw new Error(`unknown screenshot '${name}' (known: ${ALL})`);
const OUT = path.join(ROOT, 'screenshots');
const SAMPLES = path.join(ROOT, 'samples');
// The e2e workspace: copies of three sample letters, a plain note and a typed draft.
const WORKSPACE = path.join(ROOT, 'test', 'e2e', 'workspace');
const t0 = Date.now();
const log = (...a) => console.log(`[screenshots +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
mkdirSync(OUT, { recursive: true });
if (!existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run npm run build');

// A typed 2016-2017 style draft whose first item has no `Decision rationale:` (one error).
const draft = path.join(WORKSPACE, 'draft-missing-rationale.imr');
const STATUS_DRAFT = 'IMR: 2 items · 1 upheld · 1 overturned · 1 problem';
const STATUS_LETTER = 'IMR: 1 item · 1 upheld · 0 overturned · 0 problems'; // physical-therapy-upheld.txt: hints are no problems

const wb = await launchWorkbench({
  folder: WORKSPACE,
  log,
  viewport: { width: 1440, height: 900 },
  settings: {
    'outline.collapseItems': 'alwaysExpand',
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'workbench.colorTheme': THEMES[o.theme],
    'workbench.reduceMotion': 'on', // hovers and widgets otherwise get captured mid fade-in
    'editor.hover.above': false, // below the line, where the hover shot makes room
    'files.autoSave': 'off', // the web workbench's default (afterDelay) would save the statusbar step's edit
  },
  onOutput: () => {},
});
disposeOnSignal(() => wb.dispose());
const { page } = wb;

/** Reloads the workbench with one file open, and waits until it is shown as an IMR letter. */
async function open(file) {
  await page.goto(workbenchUrl(wb.server, { folder: WORKSPACE, extensionDevelopmentPath: ROOT, openFile: file }));
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60000 });
  // Language status entry: `.txt` letters only get it once the client has switched them.
  await page.locator('.statusbar-item', { hasText: 'IMR Determination' }).first().waitFor({ timeout: 60000 });
  await ensureTheme();
}

// The workbench's class for each theme: the shot fails rather than saving a light one as dark.
const THEME_CLASS = { light: 'vs', dark: 'vs-dark', hc: 'hc-black', 'hc-light': 'hc-light' };
const themed = () => page.locator(`.monaco-workbench.${THEME_CLASS[o.theme]}`);

/** The web workbench starts light whatever workbench.colorTheme says: picks the theme as a user would (it is then kept in the settings). */
async function ensureTheme() {
  if (await themed().count()) return;
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Preferences: Color Theme');
  // Not "Browse Color Themes in Marketplace", which the palette lists first.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme', hasNotText: 'Browse' }).first().click();
  await page.locator('.quick-input-widget input').fill(THEMES[o.theme]);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: THEMES[o.theme] }).first().waitFor();
  await page.keyboard.press('Enter');
  await themed().first().waitFor({ timeout: 10000 });
}

async function shot(name) {
  if (!(await themed().count())) throw new Error(`the workbench is not in the ${o.theme} theme (${THEMES[o.theme]})`);
  const file = path.join(OUT, name.replace(/\.png$/, `${suffix}.png`));
  await page.screenshot({ path: file });
  log('saved', path.relative(ROOT, file));
}

/** 1-based line of the first line of file containing text. */
function lineOf(file, text) {
  const i = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`"${text}" not in ${file}`);
  return i + 1;
}

/** Puts the cursor on a line (and column) of the active editor, revealed if off screen. */
async function goToLine(line, column) {
  await runCommand(page, 'Go to Line/Column...');
  await page.keyboard.type(`${Math.max(1, line)}${column ? `:${column}` : ''}`);
  await page.keyboard.press('Enter');
}

/** Waits for the active editor's breadcrumbs (which follow the cursor after a delay) to end with `symbol`. */
async function breadcrumbsAt(symbol) {
  await page
    .locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item:last-child', { hasText: symbol })
    .first()
    .waitFor({ timeout: 10000 });
}

/** Opens a file of the workspace folder by name through Quick Open (toSide: in an editor group to the right). */
async function quickOpen(name, { toSide = false } = {}) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
  await page.keyboard.press(toSide ? 'Control+Enter' : 'Enter');
  await page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 30000 });
}

/** Waits for the status bar item to read `want` (the server pushes the counts after checking). */
async function expectStatus(item, text, want) {
  try {
    await page.waitForFunction(
      ([id, w]) => document.getElementById(id)?.innerText.replace(/\s+/g, ' ').trim() === w,
      ['imr-tools.imr-determinations.imr.status', want],
      { timeout: 30000 },
    );
  } catch {
    throw new Error(`status bar item: expected "${want}", got "${(await item.count()) ? await text() : '(not shown)'}"`);
  }
}

/** Two animation frames: lets the editor paint tokens and decorations after a move. */
let libraryDir;

/** The IMR Letters view given room: the Explorer's folder section collapsed, the side bar dragged `px` wider. */
async function libraryViewWide(px) {
  const folderSection = page.locator('.sidebar .pane-header.expanded[aria-label^="Explorer Section"]');
  if (await folderSection.count()) await folderSection.first().click();
  const sash = await page.locator('.monaco-sash.vertical:not(.disabled)').first().boundingBox();
  await page.mouse.move(sash.x + sash.width / 2, sash.y + sash.height / 2);
  await page.mouse.down();
  await page.mouse.move(sash.x + px, sash.y + sash.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** library-opened.png: a library file written by imr-check (the workspace's letters copied, and one made-up letter deleted after), opened as a user does. */
async function openedLibraryShot() {
  libraryDir = mkdtempSync(path.join(tmpdir(), 'imr-shot-library-'));
  const letters = path.join(libraryDir, 'letters');
  const file = path.join(libraryDir, 'archive.sqlite');
  cpSync(WORKSPACE, letters, { recursive: true });
  writeFileSync(path.join(letters, 'gone.imr'), readFileSync(draft, 'utf8').replace('CM99-0000456', 'CM99-0000777'));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--library', file, letters], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`imr-check --library exited ${r.status}: ${r.stderr}`);
  rmSync(path.join(letters, 'gone.imr'));
  await page.goto(workbenchUrl(wb.server, { folder: WORKSPACE, extensionDevelopmentPath: ROOT }));
  const header = page.locator('.sidebar .pane-header', { hasText: /IMR Letters/i }).first();
  await header.waitFor({ timeout: 60000 });
  await ensureTheme();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  // The view's rows (not the file dialog's, which lists archive.sqlite too).
  const row = (text, n = 0) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).nth(n);
  await row('All upheld').waitFor({ timeout: 60000 });
  // The Explorer's folder collapsed and a wider side bar, as in library-view.png.
  await libraryViewWide(320);
  // The palette, then the workbench's own file dialog: once it shows its folder, the library's path typed and accepted.
  await runCommand(page, 'IMR: Open Letters Library…');
  const input = page.locator('.quick-input-widget input');
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.endsWith('/'), null, { timeout: 10000 });
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'archive.sqlite' }).first().waitFor({ timeout: 10000 });
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'Open Library' }).first().click();
  await row('archive.sqlite').waitFor({ timeout: 30000 });
  const description = (await row('archive.sqlite').innerText()).replace(/\s+/g, ' ');
  if (!/7 letters · read-only/.test(description)) throw new Error(`opened library's root: '${description}'`);
  await row('Workspace').click(); // collapsed: the opened library fills the view
  await row('Mixed').click();
  await row('CM99-0000777').waitFor({ timeout: 10000 });
  const gone = (await row('CM99-0000777').innerText()).replace(/\s+/g, ' ');
  if (!gone.includes(`not on this machine: ${path.join(letters, 'gone.imr')}`)) throw new Error(`the letter not here: '${gone}'`);
  await row('CM99-0000456').click();
  await page.mouse.move(22, 600);
  await settle();
  await shot('library-opened.png');
}

const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The PDF of the pdf shot, in the workspace folder (git-ignored there): see the header. */
function placePdf() {
  const target = path.join(WORKSPACE, 'determination-001.pdf');
  const corpusPdf = path.join(process.env.IMR_CORPUS_DIR ?? path.join(ROOT, '..', 'shared', 'corpus'), '2016-2017', 'pdf', '001.pdf');
  if (existsSync(corpusPdf)) copyFileSync(corpusPdf, target);
  else {
    log(`corpus PDF not found (${corpusPdf}): using a PDF made from samples/pt-and-acupuncture.txt`);
    const make =
      `const fs=require('fs');const w=require(${JSON.stringify(path.join(ROOT, 'test', 'helpers', 'pdfWriter.ts'))});` +
      `fs.writeFileSync(${JSON.stringify(target)}, w.makePdf(w.letterPages(fs.readFileSync(${JSON.stringify(path.join(SAMPLES, 'pt-and-acupuncture.txt'))}, 'utf8'))));`;
    execFileSync(process.execPath, ['--import', 'tsx', '-e', make], { cwd: ROOT });
  }
  return target;
}

let failed = false;
let placedPdf;
let placedTxt;
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
    await page
      .locator('.outline-pane .monaco-list-row', { hasText: /Decision rationale/ })
      .first()
      .waitFor({ timeout: 30000 });
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
    // Room for the hover: no panel (the Problems shot opened it), the line scrolled up from the
    // middle of the editor, the hover below it (editor.hover.above is off).
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type(`${line + 1}:${column}`);
    await page.keyboard.press('Enter');
    const editorBox = await page.locator('.part.editor .monaco-editor').first().boundingBox();
    await page.mouse.move(editorBox.x + editorBox.width / 2, editorBox.y + editorBox.height / 2);
    await page.mouse.wheel(0, editorBox.height / 2 - 80);
    await settle();
    // The server may still be starting: ask for the hover until it shows real content.
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasNotText: 'Loading' }).first();
    for (let attempt = 0; ; attempt++) {
      await runCommand(page, 'Show or Focus Hover');
      try {
        await hover.waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 8) throw e;
      }
      await page.keyboard.press('Escape');
    }
    // Fully faded in.
    await page.waitForFunction(
      () => {
        const h = document.querySelector('.monaco-hover:not(.hidden)');
        return h && getComputedStyle(h).opacity === '1' && document.getAnimations().every((a) => a.playState !== 'running');
      },
      null,
      { timeout: 10000 },
    );
    // What a user gets: VS Code caps the hover's height; report when part of the text is hidden.
    const cut = await page.evaluate(() => {
      const els = [...document.querySelectorAll('.monaco-hover:not(.hidden), .monaco-hover:not(.hidden) *')];
      return Math.max(0, ...els.map((e) => e.scrollHeight - e.clientHeight));
    });
    if (cut > 1) log(`hover.png: the hover is cut off, ${cut}px of its text need scrolling`);
    await shot('hover.png');
  }
  if (only.has('highlighted')) {
    // The 2014-2015 letter on the left at its disputed item, the whole draft on the right;
    // no side bar or panel, lines wrapped, so that every line shows to its end.
    const letter = path.join(SAMPLES, 'physical-therapy-overturned.imr');
    await open(letter);
    // The panel the Problems shot opened stays open across reloads.
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
    if (await page.locator('.part.sidebar').isVisible()) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await runCommand(page, 'View: Toggle Word Wrap');
    await goToLine(lineOf(letter, 'Eight (8) physical therapy sessions') - 1);
    await quickOpen(path.basename(draft), { toSide: true });
    await page.locator('.monaco-editor .view-lines', { hasText: 'Claims Administrator guideline' }).nth(1).waitFor({ timeout: 30000 });
    await runCommand(page, 'View: Toggle Word Wrap');
    // After the colon ending the line: no word under the cursor to highlight.
    const intro = 'The Final Determination was based on decisions for the disputed items/services set forth below:';
    await goToLine(lineOf(draft, intro), intro.length + 1);
    await breadcrumbsAt('IMR ISSUES, DECISIONS AND RATIONALES');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
    await page.mouse.move(1400, 60);
    await settle();
    await shot('highlighted.png');
  }
  if (only.has('statusbar')) {
    // Pushed by the server with each diagnostics run; shown for the active letter only.
    await open(draft);
    const item = page.locator('.statusbar-item[id="imr-tools.imr-determinations.imr.status"]');
    const text = async () => (await item.innerText()).replace(/\s+/g, ' ').trim();
    await expectStatus(item, text, STATUS_DRAFT);
    // The status bar item's click target, for the counts to be checked against.
    await runCommand(page, 'Explorer: Focus on Outline View');
    const folderSection = page.locator('.sidebar .pane-header.expanded[aria-label^="Explorer Section"]');
    if (await folderSection.count()) await folderSection.first().click(); // room for the whole outline
    await page.locator('.outline-pane .monaco-list-row', { hasText: 'MRI of the right knee' }).first().waitFor({ timeout: 30000 });
    await goToLine(lineOf(draft, 'MRI of the right knee') - 1); // an empty line: no word highlighted
    await breadcrumbsAt('IMR ISSUES, DECISIONS AND RATIONALES');
    await page.mouse.move(1400, 60); // off the text and the status bar: no hover in the shot
    await settle();
    await shot('statusbar.png');
    // It follows the active editor: a 2014-2015 letter has its own counts, a plain note none.
    await quickOpen('physical-therapy-upheld.txt');
    await expectStatus(item, text, STATUS_LETTER);
    await quickOpen('notes.txt');
    await item.waitFor({ state: 'hidden', timeout: 10000 }).catch(async () => {
      throw new Error(`status bar item still shown for notes.txt: "${await text()}"`);
    });
    await quickOpen(path.basename(draft));
    await expectStatus(item, text, STATUS_DRAFT);
    // Typing updates it: a misspelt decision is one more problem and leaves the item undecided.
    const knee = lineOf(draft, 'MRI of the right knee: Overturned');
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type(`${knee}:${'MRI of the right knee: '.length + 1}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('Overtrned');
    await expectStatus(item, text, 'IMR: 2 items · 1 upheld · 0 overturned · 1 undecided · 2 problems');
    await runCommand(page, 'File: Revert File');
    await expectStatus(item, text, STATUS_DRAFT);
    log('status bar item checked:', STATUS_DRAFT, '/', STATUS_LETTER, '/ hidden for plain text / after typing');
  }
  if (only.has('pdf')) {
    placedPdf = placePdf();
    const name = path.basename(placedPdf);
    await open(path.join(WORKSPACE, 'physical-therapy-upheld.txt')); // the extension running
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
    await runCommand(page, 'View: Show Explorer');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: 30000 });
    await row.click({ button: 'right' });
    await page.locator('.monaco-menu .action-item', { hasText: 'Open as IMR Determination' }).first().click();
    await page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 60000 });
    // Room for the outline: the folder section collapsed (the tab shows the PDF's name and lock).
    await page.locator('.sidebar .pane-header.expanded[aria-label^="Explorer Section"]').first().click();
    await runCommand(page, 'Explorer: Focus on Outline View');
    await page.locator('.outline-pane .monaco-list-row', { hasText: 'IMR ISSUES, DECISIONS AND RATIONALES' }).first().waitFor({ timeout: 60000 });
    await page
      .locator('.outline-pane .monaco-list-row', { hasText: /Decision rationale/ })
      .first()
      .waitFor({ timeout: 30000 });
    await runCommand(page, 'View: Focus Active Editor Group');
    await page.mouse.move(1400, 60);
    await settle();
    await shot('pdf.png');
    // Save Letter Text As… (the view is read-only): proposes the .txt beside the PDF, writes the
    // text there and opens it for editing.
    const saved = placedPdf.replace(/\.pdf$/, '.txt');
    placedTxt = saved;
    await runCommand(page, 'IMR: Save Letter Text As');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await page
      .waitForFunction((want) => document.querySelector('.quick-input-widget input')?.value === want, saved, { timeout: 10000 })
      .catch(async () => {
        throw new Error(`Save Letter Text As proposed "${await input.inputValue()}", not ${saved}`);
      });
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
    await page
      .locator('.tab.active', { hasText: path.basename(saved) })
      .first()
      .waitFor({ timeout: 30000 });
    if (!existsSync(saved) || !readFileSync(saved, 'utf8').includes('IMR ISSUES, DECISIONS AND RATIONALES'))
      throw new Error(`${saved} was not written with the letter's text`);
    log('Save Letter Text As checked:', path.basename(saved), 'written and opened');
  }
  if (only.has('library')) {
    // The folder alone, no editor: the view fills the side bar.
    await page.goto(workbenchUrl(wb.server, { folder: WORKSPACE, extensionDevelopmentPath: ROOT }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
    // The view's header shows once the workbench has read the extension's contributions.
    const header = page.locator('.sidebar .pane-header', { hasText: /IMR Letters/i }).first();
    await header.waitFor({ timeout: 60000 });
    await ensureTheme();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const row = (text) => page.locator('.monaco-list-row', { hasText: text }).first();
    await row('All upheld').waitFor({ timeout: 60000 });
    // A wider side bar: case numbers, dates and file names in full.
    await libraryViewWide(260);
    const upheld = (await row('All upheld').innerText()).replace(/\s+/g, ' ');
    if (!/5 letters/.test(upheld)) throw new Error(`IMR Letters view: expected 'All upheld' with 5 letters, got '${upheld}'`);
    await row('Mixed').click();
    await row('CM99-0000456').click();
    await row('MRI of the right knee').waitFor({ timeout: 10000 });
    await row('All upheld').click();
    await row('CM99-0000011').waitFor({ timeout: 10000 });
    // An empty spot of the activity bar: no tooltip, no hover highlight in either shot.
    await page.mouse.move(22, 600);
    await settle();
    await shot('library-view.png');
    await runCommand(page, 'IMR: Show Letters Summary');
    // The webview is an iframe inside an iframe: find the frame that holds the charts.
    let frame;
    const end = Date.now() + 60000;
    while (!frame) {
      for (const f of page.frames())
        if (
          await f
            .locator('section.chart li.bar')
            .count()
            .catch(() => 0)
        )
          frame = f;
      if (!frame && Date.now() > end) throw new Error('the summary webview drew no chart');
      if (!frame) await page.waitForTimeout(250);
    }
    const dom = await frame.evaluate(() => ({
      charts: document.querySelectorAll('section.chart').length,
      bars: document.querySelectorAll('li.bar[tabindex="0"]').length,
      overturned: document.querySelectorAll('.seg.over').length,
      upheld: document.querySelectorAll('.seg.up').length,
      rows: document.querySelectorAll('tbody tr[tabindex="0"]').length,
      letters: document.querySelector('.total b')?.textContent,
      // Each bar's label as drawn (whole, wrapped between words): two guidelines must never look alike.
      labels: [...document.querySelectorAll('section.chart[data-chart="guideline"] li.bar > .label')].map((t) => t.textContent),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    const distinct = new Set(dom.labels).size === dom.labels.length && dom.labels.length >= 2;
    if (
      dom.charts !== 4 ||
      dom.bars < 4 ||
      dom.overturned < 1 ||
      dom.upheld < 1 ||
      dom.rows < dom.bars ||
      dom.letters !== '6' ||
      !/default-src 'none'/.test(dom.csp) ||
      !distinct
    ) {
      throw new Error(`summary webview: ${JSON.stringify(dom)}`);
    }
    log('summary webview checked:', JSON.stringify({ ...dom, csp: undefined }));
    await page.mouse.move(22, 600); // off the title bar's buttons: no tooltip in the shot
    await settle();
    await shot('library-summary.png');
  }
  if (only.has('similar')) {
    await open(draft);
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
    // The lens comes once the library has read the workspace (the server then asks for the lenses again).
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^\d+ similar: \d+ upheld, \d+ overturned/ }).first();
    await lens.waitFor({ timeout: 60000 });
    const title = await lens.innerText();
    await lens.click();
    // The view, filtered: its description names the filter, and it lists a letter.
    const header = page.locator('.sidebar .pane-header', { hasText: /IMR Letters/i }).first();
    await header.locator('.description', { hasText: 'treatment:physical' }).waitFor({ timeout: 30000 });
    await page.locator('.sidebar .monaco-list-row', { hasText: 'All upheld' }).first().waitFor({ timeout: 30000 });
    // Room for the view: the folder section collapsed.
    const folderSection = page.locator('.sidebar .pane-header.expanded[aria-label^="Explorer Section"]');
    if (await folderSection.count()) await folderSection.first().click();
    await page.locator('.sidebar .monaco-list-row', { hasText: 'physical-therapy' }).first().waitFor({ timeout: 30000 });
    log('code lens clicked:', title);
    await page.mouse.move(22, 600);
    await settle();
    await shot('similar.png');
  }
  if (only.has('openlib')) await openedLibraryShot();
} catch (e) {
  failed = true;
  console.error(e);
  await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
  log('state at failure saved to screenshots/failure.png');
} finally {
  for (const f of [placedPdf, placedTxt]) if (f) rmSync(f, { force: true });
  if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
  await wb.dispose();
}
process.exit(failed ? 1 : 0);

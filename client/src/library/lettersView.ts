// The IMR Letters view: every letter of the workspace (from the server's `imr/letters`),
// grouped by outcome, by the guideline the MAXIMUS reviewer cited, by reviewer specialty or by
// decision month; a filter by item-name words and facets; a click opens the letter at the item.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LETTERS_CHANGED_NOTIFICATION,
  LETTERS_REQUEST,
  type LetterItemSummary,
  type LetterOutcome,
  type LetterSummary,
  type LettersChangedParams,
  type LettersFilter,
  COMMANDS,
  PDF_SCHEME,
  VIEW_ITEM_FIELDS,
} from '../../../server/src/protocol';
import { letterOutcome, monthOf } from '../../../server/src/workspace/letterFacets';

export const LETTERS_VIEW_ID = 'imr.letters';
export type Grouping = 'outcome' | 'guideline' | 'specialty' | 'month';

export const GROUPINGS: { id: Grouping; label: string; detail: string }[] = [
  { id: 'outcome', label: 'Outcome', detail: 'All upheld, all overturned, or mixed' },
  { id: 'guideline', label: 'MAXIMUS guideline', detail: 'The guideline the MAXIMUS reviewer cited' },
  { id: 'specialty', label: 'Reviewer specialty', detail: 'The expert reviewer’s specialty' },
  { id: 'month', label: 'Decision month', detail: 'Month of the decision date' },
];

const OUTCOME_LABELS: Record<LetterOutcome | 'undecided', string> = {
  upheld: 'All upheld',
  overturned: 'All overturned',
  mixed: 'Mixed',
  undecided: 'No decision',
};

export type LetterNode =
  | { kind: 'group'; key: string; label: string; letters: LetterSummary[]; filter: LettersFilter }
  | { kind: 'letter'; letter: LetterSummary; parent: LetterNode | undefined }
  | { kind: 'item'; letter: LetterSummary; item: LetterItemSummary; parent: LetterNode };

const FACETS = ['outcome', 'guideline', 'section', 'specialty', 'month'] as const;

/** `acupuncture outcome:overturned guideline:"Chronic Pain ..."` -> a filter (words left are item-name words). */
export function parseFilter(input: string): LettersFilter {
  const filter: LettersFilter = {};
  const words: string[] = [];
  const re = /(\w+):(?:"([^"]*)"|(\S+))|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    const key = m[1] as (typeof FACETS)[number] | undefined;
    if (key && (FACETS as readonly string[]).includes(key)) (filter as Record<string, string>)[key] = m[2] ?? m[3];
    else words.push(m[0]);
  }
  if (words.length) filter.text = words.join(' ');
  return filter;
}

export function formatFilter(f: LettersFilter): string {
  const q = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
  const parts = f.text ? [f.text] : [];
  for (const k of FACETS) if (f[k] !== undefined) parts.push(`${k}:${q(f[k]!)}`);
  return parts.join(' ');
}

const isEmptyFilter = (f: LettersFilter) => Object.values(f).every((v) => v === undefined || v === '');

export function fileNameOf(uri: string): string {
  try {
    return path.basename(vscode.Uri.parse(uri).fsPath);
  } catch {
    return uri;
  }
}

/** The groups of `letters` under a grouping, largest first (outcome groups in a fixed order). */
export function groupLetters(letters: LetterSummary[], grouping: Grouping): Extract<LetterNode, { kind: 'group' }>[] {
  const groups = new Map<string, Extract<LetterNode, { kind: 'group' }>>();
  const add = (key: string, label: string, filter: LettersFilter, l: LetterSummary) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind: 'group', key, label, letters: [], filter }));
    if (g.letters[g.letters.length - 1] !== l) g.letters.push(l);
  };
  for (const l of letters) {
    if (grouping === 'outcome') {
      const o = letterOutcome(l);
      add(o, OUTCOME_LABELS[o], o === 'undecided' ? {} : { outcome: o }, l);
    } else if (grouping === 'guideline') {
      const names = new Set(l.items.flatMap((i) => (i.maximusGuidelines ?? []).map((r) => r.guideline)));
      if (names.size === 0) add('', '(no guideline cited)', {}, l);
      for (const n of names) add(n, n, { guideline: n }, l);
    } else if (grouping === 'specialty') {
      add(l.specialty ?? '', l.specialty ?? '(specialty not stated)', l.specialty ? { specialty: l.specialty } : {}, l);
    } else {
      const m = monthOf(l.decisionDate);
      add(m ?? '', m ?? '(no decision date)', m ? { month: m } : {}, l);
    }
  }
  const list = [...groups.values()];
  if (grouping === 'outcome') {
    const order = ['upheld', 'overturned', 'mixed', 'undecided'];
    return list.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  }
  if (grouping === 'month') return list.sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : b.key.localeCompare(a.key)));
  return list.sort((a, b) => b.letters.length - a.letters.length || a.label.localeCompare(b.label));
}

export class LettersView implements vscode.TreeDataProvider<LetterNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<LetterNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<LetterNode>;
  private letters: LetterSummary[] = [];
  private groups: Extract<LetterNode, { kind: 'group' }>[] = [];
  private fetching: Promise<void> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private indexingDone: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired after each answer of the server (the summary panel follows it). */
  readonly onDidFetch = new vscode.EventEmitter<LetterSummary[]>();
  filter: LettersFilter = {};
  grouping: Grouping;

  constructor(
    private readonly client: LanguageClient,
    private readonly state: vscode.Memento,
  ) {
    this.grouping = state.get<Grouping>('imr.letters.grouping', 'outcome');
    this.view = vscode.window.createTreeView(LETTERS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.emitter,
      this.onDidFetch,
      client.onNotification(LETTERS_CHANGED_NOTIFICATION, (p: LettersChangedParams) => this.onChanged(p)),
    );
    this.showState();
    void this.refresh();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.indexingDone?.();
    for (const d of this.disposables) d.dispose();
  }

  /** The letters shown (after the filter). */
  get current(): LetterSummary[] {
    return this.letters;
  }

  /** Asks the server again (the filter is applied there). */
  refresh(): Promise<void> {
    const run = async () => {
      try {
        this.letters = await this.client.sendRequest<LetterSummary[]>(LETTERS_REQUEST, isEmptyFilter(this.filter) ? { itemFields: VIEW_ITEM_FIELDS } : { filter: this.filter, itemFields: VIEW_ITEM_FIELDS });
      } catch {
        this.letters = [];
      }
      this.groups = groupLetters(this.letters, this.grouping);
      this.showState();
      this.emitter.fire(undefined);
      this.onDidFetch.fire(this.letters);
    };
    this.fetching = (this.fetching ?? Promise.resolve()).then(run, run);
    return this.fetching;
  }

  async setFilter(filter: LettersFilter): Promise<void> {
    this.filter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as LettersFilter;
    await vscode.commands.executeCommand('setContext', 'imr.lettersFiltered', !isEmptyFilter(this.filter));
    await this.refresh();
  }

  async setGrouping(g: Grouping): Promise<void> {
    this.grouping = g;
    await this.state.update('imr.letters.grouping', g);
    this.groups = groupLetters(this.letters, g);
    this.showState();
    this.emitter.fire(undefined);
  }

  /** Focuses the view and reveals the first letter (after a filter from the summary). */
  async revealFirst(): Promise<void> {
    await vscode.commands.executeCommand(`${LETTERS_VIEW_ID}.focus`);
    const g = this.groups[0];
    if (!g) return;
    const first = (await this.getChildren(g))[0];
    if (first) await this.view.reveal(first, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  }

  private showState(): void {
    const f = formatFilter(this.filter);
    const items = this.letters.reduce((n, l) => n + l.items.length, 0);
    const by = GROUPINGS.find((g) => g.id === this.grouping)!.label.toLowerCase();
    this.view.description = f ? `filter: ${f}` : `by ${by}`;
    this.view.message = f && this.letters.length > 0 ? `${this.letters.length} letters, ${items} items match “${f}” (by ${by})` : undefined;
  }

  private onChanged(p: LettersChangedParams): void {
    // Progress on the view while the index builds (the view's icon spins, a bar runs under its title).
    if (p.indexing && !this.indexingDone) {
      void vscode.window.withProgress({ location: { viewId: LETTERS_VIEW_ID }, title: 'Indexing IMR letters' }, () => new Promise<void>((r) => (this.indexingDone = r)));
    } else if (!p.indexing && this.indexingDone) {
      this.indexingDone();
      this.indexingDone = undefined;
    }
    // While indexing: at most one request every 2 s (the list grows as files are read); when
    // done, at once.
    if (p.indexing && this.refreshTimer) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, p.indexing ? 2000 : 50);
  }

  // ---------------------------------------------------------------- TreeDataProvider

  getChildren(node?: LetterNode): LetterNode[] {
    if (!node) return this.groups;
    if (node.kind === 'group') return node.letters.map((letter) => ({ kind: 'letter', letter, parent: node }));
    if (node.kind === 'letter') return node.letter.items.map((item) => ({ kind: 'item', letter: node.letter, item, parent: node }));
    return [];
  }

  getParent(node: LetterNode): LetterNode | undefined {
    return node.kind === 'group' ? undefined : node.parent;
  }

  getTreeItem(node: LetterNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const t = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `g:${this.grouping}:${node.key}`;
      t.description = `${node.letters.length} ${node.letters.length === 1 ? 'letter' : 'letters'}`;
      t.contextValue = 'group';
      t.iconPath = new vscode.ThemeIcon(node.key === 'upheld' ? 'circle-slash' : node.key === 'overturned' ? 'pass' : node.key === 'mixed' ? 'split-horizontal' : 'folder');
      return t;
    }
    if (node.kind === 'letter') {
      const l = node.letter;
      const file = fileNameOf(l.uri);
      const t = new vscode.TreeItem(l.caseNumber ?? file, vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `l:${this.grouping}:${node.parent && node.parent.kind === 'group' ? node.parent.key : ''}:${l.uri}#${l.letter}`;
      // The file name once: as the label when the letter has no case number.
      const where = l.letter > 1 || /\.imr$/i.test(file) ? `${file} · letter ${l.letter}` : file;
      t.description = [l.decisionDate, l.caseNumber ? where : l.letter > 1 ? `letter ${l.letter}` : undefined].filter(Boolean).join(' · ');
      t.tooltip = new vscode.MarkdownString(
        [`**${l.caseNumber ?? file}**`, `${file}, letter ${l.letter}`, l.decisionDate && `Decision date: ${l.decisionDate}`, l.specialty && `Reviewer: ${l.specialty}`]
          .filter(Boolean)
          .join('  \n'),
      );
      t.contextValue = 'letter';
      t.iconPath = new vscode.ThemeIcon('file-text');
      // No click command: a click expands the letter to its items (each opens the letter there).
      return t;
    }
    const i = node.item;
    const t = new vscode.TreeItem(i.name, vscode.TreeItemCollapsibleState.None);
    t.description = i.decision;
    t.tooltip = `${i.name}: ${i.decision}${i.problems?.length ? `\nProblems: ${i.problems.join(', ')}` : ''}`;
    t.contextValue = 'item';
    t.iconPath =
      i.decision === 'Overturned'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'))
        : i.decision === 'Upheld'
          ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.red'))
          : new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.yellow'));
    t.command = { command: COMMANDS.lettersOpenItem, title: 'Open Letter at Item', arguments: [node.letter.uri, i.range] };
    return t;
  }
}

/** Opens a letter at a range: a text letter in an editor, a PDF letter through its read-only view. */
export async function openLetterAt(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
  const target = vscode.Uri.parse(uri);
  if (target.scheme === PDF_SCHEME || /\.pdf$/i.test(target.path)) {
    await vscode.commands.executeCommand(COMMANDS.openPdf, target, range);
    return;
  }
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(target, { selection, preview: true });
}

/** The filter input box: item-name words plus `facet:value` words. */
export async function askFilter(view: LettersView): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: 'Filter IMR Letters',
    value: formatFilter(view.filter),
    prompt: 'Words of the item name, and facets: outcome:upheld|overturned|mixed  guideline:"…"  section:"…"  specialty:"…"  month:YYYY-MM',
    placeHolder: 'acupuncture outcome:overturned',
  });
  if (value === undefined) return;
  await view.setFilter(parseFilter(value));
}

export async function pickGrouping(view: LettersView): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    GROUPINGS.map((g) => ({ label: g.label, detail: g.detail, id: g.id, picked: g.id === view.grouping, description: g.id === view.grouping ? '(current)' : undefined })),
    { title: 'Group IMR Letters By' },
  );
  if (picked) await view.setGrouping(picked.id);
}

// The IMR Letters view: every letter of the workspace, grouped by outcome, by the guideline the
// MAXIMUS reviewer cited, by reviewer specialty or by decision month; a filter by item-name words
// and facets; a click opens the letter at the item. The server groups and counts
// (`imr/letterGroups`); a group's letters are asked for (`imr/letters` with its group) only when
// it is opened, a page at a time, so 10,000 letters never travel at once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  COMMANDS,
  LIBRARY_MAX_FILES_SETTING,
  LETTER_GROUPS_REQUEST,
  LETTERS_CHANGED_NOTIFICATION,
  LETTERS_REQUEST,
  type LetterGroup,
  type LetterGrouping,
  type LetterGroupsParams,
  type LetterGroupsResult,
  type LetterItemSummary,
  type LetterSummary,
  type LettersChangedParams,
  type LettersFilter,
  type LettersParams,
  type NotInLibraryFile,
  PDF_SCHEME,
  VIEW_ITEM_FIELDS,
} from '../../../server/src/protocol';
import { formatFilter, parseFilter } from './filterText';
import { type RootNode, rootItem } from './libraryRoots';

export const LETTERS_VIEW_ID = 'imr.letters';
export type Grouping = LetterGrouping;
/** Letters asked for at a time when a group is opened (and per "Show more"). */
export const PAGE_SIZE = 200;

export const GROUPINGS: { id: Grouping; label: string; detail: string }[] = [
  { id: 'outcome', label: 'Outcome', detail: 'All upheld, all overturned, mixed, or needs a decision' },
  { id: 'guideline', label: 'MAXIMUS guideline', detail: 'The guideline the MAXIMUS reviewer cited' },
  { id: 'specialty', label: 'Reviewer specialty', detail: 'The expert reviewer’s specialty' },
  { id: 'month', label: 'Decision month', detail: 'Month of the decision date' },
];

export interface GroupNode {
  kind: 'group';
  group: LetterGroup;
  /** The opened library file's id (libraryRoots.ts); absent: the workspace's library. */
  library?: string;
  /** The letter nodes loaded so far (pages of `imr/letters`); undefined until the group is opened. */
  children: LetterNode[] | undefined;
  loading: Promise<LetterNode[]> | undefined;
}

export type LetterNode =
  | GroupNode
  /** Shown only while a library file is open: the workspace's library and the file's, side by side. */
  | RootNode
  | { kind: 'letter'; letter: LetterSummary; parent: GroupNode; items: LetterNode[] | undefined }
  | { kind: 'item'; letter: LetterSummary; item: LetterItemSummary; parent: LetterNode }
  | { kind: 'more'; parent: GroupNode; remaining: number }
  /** Letter files the server left out of the library (too large, unreadable…), each with its reason. */
  | { kind: 'notInLibrary'; files: NotInLibraryFile[] }
  | { kind: 'capped'; indexed: number; found: number }
  | { kind: 'leftOutFile'; file: NotInLibraryFile; parent: LetterNode };

const isEmptyFilter = (f: LettersFilter) => Object.values(f).every((v) => v === undefined || v === '');

export function fileNameOf(uri: string): string {
  try {
    return path.basename(vscode.Uri.parse(uri).fsPath);
  } catch {
    return uri;
  }
}

const EMPTY_RESULT: LetterGroupsResult = { letters: 0, items: 0, groups: [] };

export class LettersView implements vscode.TreeDataProvider<LetterNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<LetterNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<LetterNode>;
  /** The server's last answer: the groups with their counts. */
  result: LetterGroupsResult = EMPTY_RESULT;
  private groups: GroupNode[] = [];
  private leftOut: LetterNode | undefined;
  /** What was wrong with the last filter typed (an unknown facet), shown in the view until the next one. */
  private filterProblem: string | undefined;
  private fetching: Promise<void> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private indexingDone: (() => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired after each answer of the server (the summary panel follows it). */
  readonly onDidFetch = new vscode.EventEmitter<LetterGroupsResult>();
  filter: LettersFilter = {};
  grouping: Grouping;
  /** Letters per page of a group (a test sets it small to see "Show more"). */
  pageSize = PAGE_SIZE;
  /** While a library file is open (IMR: Open Letters Library…): the two roots. */
  roots: { workspace: RootNode; opened: RootNode } | undefined;

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
      client.onNotification(LETTERS_CHANGED_NOTIFICATION, (p) => this.onChanged(p)),
    );
    this.showState();
    void this.refresh();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.indexingDone?.();
    for (const d of this.disposables) d.dispose();
  }

  /** Asks the server for the groups again (the filter and the grouping are applied there). */
  refresh(): Promise<void> {
    const run = async () => {
      this.result = await this.fetchGroups(undefined);
      this.groups = this.groupNodes(this.result, this.groups, undefined);
      this.leftOut = this.result.notInLibrary?.length ? { kind: 'notInLibrary', files: this.result.notInLibrary } : undefined;
      const opened = this.roots?.opened;
      if (opened?.library) {
        opened.result = await this.fetchGroups(opened.library.id);
        opened.groups = this.groupNodes(opened.result, opened.groups, opened.library.id);
      }
      this.showState();
      this.emitter.fire(undefined);
      this.onDidFetch.fire(this.result);
    };
    this.fetching = (this.fetching ?? Promise.resolve()).then(run, run);
    return this.fetching;
  }

  private fetchGroups(library: string | undefined): Promise<LetterGroupsResult> {
    // Undefined keys are not sent (JSON).
    const params: LetterGroupsParams = { library, groupBy: this.grouping, filter: isEmptyFilter(this.filter) ? undefined : this.filter };
    return this.client.sendRequest(LETTER_GROUPS_REQUEST, params).then(
      (r) => r,
      () => EMPTY_RESULT,
    );
  }

  /** The groups of an answer; a group that showed more than a page (after "Show more") shows as many again. */
  private groupNodes(result: LetterGroupsResult, before: GroupNode[], library: string | undefined): GroupNode[] {
    const loaded = new Map(before.map((g) => [g.group.key, g.children?.filter((c) => c.kind === 'letter').length ?? 0]));
    const groups: GroupNode[] = result.groups.map((group) => ({ kind: 'group', group, library, children: undefined, loading: undefined }));
    for (const g of groups) if ((loaded.get(g.group.key) ?? 0) > this.pageSize) g.loading = this.loadPage(g, 0, loaded.get(g.group.key)!);
    return groups;
  }

  /**
   * The filter as typed in the filter box. An unknown facet (`outcom:overturned`) or outcome is
   * said in the view, naming the facets, and the filter stays as it was.
   */
  async setFilterText(input: string): Promise<void> {
    const { filter, problem } = parseFilter(input);
    if (problem) {
      this.filterProblem = problem;
      this.showState();
      return;
    }
    await this.setFilter(filter);
  }

  async setFilter(filter: LettersFilter): Promise<void> {
    this.filterProblem = undefined;
    this.filter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as LettersFilter;
    await vscode.commands.executeCommand('setContext', 'imr.lettersFiltered', !isEmptyFilter(this.filter));
    await this.refresh();
  }

  async setGrouping(g: Grouping): Promise<void> {
    this.grouping = g;
    await this.state.update('imr.letters.grouping', g);
    this.groups = [];
    if (this.roots) this.roots.opened.groups = [];
    await this.refresh();
  }

  /** Focuses the view and reveals the first letter (after a filter from the summary). */
  async revealFirst(): Promise<void> {
    await vscode.commands.executeCommand(`${LETTERS_VIEW_ID}.focus`);
    const g = this.groups[0];
    if (!g) return;
    const first = (await this.getChildren(g))[0];
    if (first) await this.view.reveal(first, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  }

  /** The "Show more" node's command: the group's next page. */
  async loadMore(node: LetterNode): Promise<void> {
    if (node.kind !== 'more') return;
    const g = node.parent;
    const have = g.children?.filter((c) => c.kind === 'letter').length ?? 0;
    g.loading = this.loadPage(g, have, this.pageSize);
    await g.loading;
    this.emitter.fire(g);
  }

  /** Letters `offset…offset+limit` of a group, added to its children (with a "Show more" node when some are left). */
  private async loadPage(g: GroupNode, offset: number, limit: number): Promise<LetterNode[]> {
    const params: LettersParams = { library: g.library, group: { by: this.grouping, key: g.group.key }, offset, limit, itemFields: VIEW_ITEM_FIELDS };
    if (!isEmptyFilter(this.filter)) params.filter = this.filter;
    const page = await this.client.sendRequest(LETTERS_REQUEST, params).then(
      (r) => r,
      () => [],
    );
    const letters = (g.children ?? []).filter((c) => c.kind === 'letter');
    for (const letter of page) letters.push({ kind: 'letter', letter, parent: g, items: undefined });
    const remaining = g.group.letters - letters.length;
    g.children = remaining > 0 && page.length > 0 ? [...letters, { kind: 'more', parent: g, remaining }] : letters;
    return g.children;
  }

  private showState(): void {
    const f = formatFilter(this.filter);
    const by = GROUPINGS.find((g) => g.id === this.grouping)!.label.toLowerCase();
    const { letters, items } = this.result;
    this.view.description = f ? `filter: ${f}` : `by ${by}`;
    // The description is cut to the view's width: the message (which wraps) and the badge's
    // tooltip carry the whole filter.
    const matched =
      letters > 0 ? `${letters} ${letters === 1 ? 'letter' : 'letters'}, ${items} ${items === 1 ? 'item matches' : 'items match'}` : 'No letter matches';
    // A similar-decisions lens's filter leaves out the letter it is on (not a facet of the filter box).
    const state = f ? `${matched} “${f}”${this.filter.exclude ? ', the letter asked from left out' : ''} (by ${by})` : undefined;
    this.view.message = this.filterProblem ? `${this.filterProblem}${state ? ` Still showing: ${state}.` : ''}` : state;
    this.view.badge = f ? { value: letters, tooltip: `Filter: ${f}\n${matched}` } : undefined;
  }

  private onChanged(p: LettersChangedParams): void {
    // Progress on the view while the index builds (the view's icon spins, a bar runs under its title).
    if (p.indexing && !this.indexingDone) {
      void vscode.window.withProgress(
        { location: { viewId: LETTERS_VIEW_ID }, title: 'Indexing IMR letters' },
        () => new Promise<void>((r) => (this.indexingDone = r)),
      );
    } else if (!p.indexing && this.indexingDone) {
      this.indexingDone();
      this.indexingDone = undefined;
    }
    // While indexing: at most one request every 2 s (the counts grow as files are read); when
    // done, at once.
    if (p.indexing && this.refreshTimer) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      () => {
        this.refreshTimer = undefined;
        void this.refresh();
      },
      p.indexing ? 2000 : 50,
    );
  }

  // ---------------------------------------------------------------- TreeDataProvider

  async getChildren(node?: LetterNode): Promise<LetterNode[]> {
    // With a library file open, the workspace's groups move under a root of their own.
    if (!node || (node.kind === 'root' && !node.library)) {
      await this.fetching;
      if (!node && this.roots) return [this.roots.workspace, this.roots.opened];
      const capped: LetterNode[] = this.result.capped ? [{ kind: 'capped', ...this.result.capped }] : [];
      return [...capped, ...this.groups, ...(this.leftOut ? [this.leftOut] : [])];
    }
    if (node.kind === 'root') return node.groups;
    if (node.kind === 'notInLibrary') return node.files.map((file) => ({ kind: 'leftOutFile', file, parent: node }));
    if (node.kind === 'group') {
      if (node.loading) return node.loading;
      if (!node.children) node.loading = this.loadPage(node, 0, this.pageSize);
      return node.loading ?? node.children ?? [];
    }
    if (node.kind === 'letter') return (node.items ??= node.letter.items.map((item) => ({ kind: 'item', letter: node.letter, item, parent: node })));
    return [];
  }

  getParent(node: LetterNode): LetterNode | undefined {
    if (node.kind === 'root') return undefined;
    if (node.kind === 'group' || node.kind === 'notInLibrary' || node.kind === 'capped')
      return node.kind === 'group' && node.library ? this.roots?.opened : this.roots?.workspace;
    return node.parent;
  }

  getTreeItem(node: LetterNode): vscode.TreeItem {
    if (node.kind === 'root') return rootItem(node, this.result);
    if (node.kind === 'group') return this.groupItem(node.group, node.library);
    if (node.kind === 'letter') return this.letterItem(node.letter, node.parent);
    if (node.kind === 'more') {
      const t = new vscode.TreeItem(`Show ${Math.min(this.pageSize, node.remaining)} more…`, vscode.TreeItemCollapsibleState.None);
      t.id = `m:${this.grouping}:${node.parent.group.key}:${node.remaining}`;
      t.description = `${node.remaining} not shown`;
      t.iconPath = new vscode.ThemeIcon('ellipsis');
      t.contextValue = 'more';
      t.command = { command: COMMANDS.lettersLoadMore, title: 'Show More Letters', arguments: [node] };
      return t;
    }
    if (node.kind === 'notInLibrary') return notInLibraryItem(node.files);
    if (node.kind === 'capped') return cappedItem(node.indexed, node.found);
    if (node.kind === 'leftOutFile') return leftOutFileItem(node.file);
    return itemTreeItem(node.letter, node.item);
  }

  private groupItem(g: LetterGroup, library: string | undefined): vscode.TreeItem {
    const t = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
    t.id = `g:${library ? `${library}:` : ''}${this.grouping}:${g.key}`;
    t.description = `${g.letters} ${g.letters === 1 ? 'letter' : 'letters'}`;
    t.tooltip = `${g.label}: ${t.description}, ${g.items} ${g.items === 1 ? 'item' : 'items'}`;
    t.contextValue = 'group';
    const outcomeIcons: Record<string, string> = { upheld: 'circle-slash', overturned: 'pass', mixed: 'split-horizontal', undecided: 'question' };
    t.iconPath = new vscode.ThemeIcon((this.grouping === 'outcome' && outcomeIcons[g.key]) || 'folder');
    return t;
  }

  private letterItem(l: LetterSummary, g: GroupNode): vscode.TreeItem {
    const file = fileNameOf(l.uri);
    const t = new vscode.TreeItem(l.caseNumber ?? file, vscode.TreeItemCollapsibleState.Collapsed);
    t.id = `l:${g.library ? `${g.library}:` : ''}${this.grouping}:${g.group.key}:${l.uri}#${l.letter}`;
    // The file name once: as the label when the letter has no case number.
    const where = l.letter > 1 || /\.imr$/i.test(file) ? `${file} · letter ${l.letter}` : file;
    t.description = [l.decisionDate, l.caseNumber ? where : l.letter > 1 ? `letter ${l.letter}` : undefined].filter(Boolean).join(' · ');
    t.tooltip = new vscode.MarkdownString(
      [
        `**${l.caseNumber ?? file}**`,
        `${file}, letter ${l.letter}`,
        l.decisionDate && `Decision date: ${l.decisionDate}`,
        l.specialty && `Reviewer: ${l.specialty}`,
        l.notOnThisMachine && `Not on this machine: it was at \`${l.notOnThisMachine}\``,
      ]
        .filter(Boolean)
        .join('  \n'),
    );
    t.contextValue = l.notOnThisMachine ? 'letterElsewhere' : 'letter';
    t.iconPath = new vscode.ThemeIcon('file-text');
    // Where it was, instead of a click that cannot open it.
    if (l.notOnThisMachine) t.description = `not on this machine: ${l.notOnThisMachine}`;
    // No click command: a click expands the letter to its items (each opens the letter there).
    return t;
  }
}

function notInLibraryItem(files: NotInLibraryFile[]): vscode.TreeItem {
  const t = new vscode.TreeItem('Not in the library', vscode.TreeItemCollapsibleState.Collapsed);
  t.id = 'notInLibrary';
  t.description = `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  t.tooltip = 'Letter files of the workspace that could not be added to the library (too large, unreadable, a PDF without text); each says why.';
  t.contextValue = 'notInLibrary';
  t.iconPath = new vscode.ThemeIcon('warning');
  return t;
}

/** No silent cap: a folder holds more letter files than the setting lets the library index. */
function cappedItem(indexed: number, found: number): vscode.TreeItem {
  const n = (x: number) => x.toLocaleString('en-US');
  const t = new vscode.TreeItem(`Indexed ${n(indexed)} of ${n(found)} files: raise \`${LIBRARY_MAX_FILES_SETTING}\``, vscode.TreeItemCollapsibleState.None);
  t.id = 'capped';
  t.tooltip = `The workspace holds ${n(found)} letter files; the library indexes ${n(indexed)} per folder (${LIBRARY_MAX_FILES_SETTING}). Raise the setting and reload the window to index them all.`;
  t.contextValue = 'capped';
  t.iconPath = new vscode.ThemeIcon('warning');
  t.command = { command: 'workbench.action.openSettings', title: 'Open Setting', arguments: [LIBRARY_MAX_FILES_SETTING] };
  return t;
}

function leftOutFileItem(f: NotInLibraryFile): vscode.TreeItem {
  const t = new vscode.TreeItem(fileNameOf(f.uri), vscode.TreeItemCollapsibleState.None);
  t.id = `x:${f.uri}`;
  t.description = f.reason;
  t.tooltip = `${vscode.Uri.parse(f.uri).fsPath}\nNot in the library: ${f.reason}`;
  t.resourceUri = vscode.Uri.parse(f.uri);
  t.contextValue = 'leftOutFile';
  t.iconPath = new vscode.ThemeIcon('file');
  return t;
}

function itemTreeItem(letter: LetterSummary, i: LetterItemSummary): vscode.TreeItem {
  const t = new vscode.TreeItem(i.name, vscode.TreeItemCollapsibleState.None);
  t.description = i.decision;
  t.tooltip = `${i.name}: ${i.decision}${i.problems?.length ? `\nProblems: ${i.problems.join(', ')}` : ''}`;
  t.contextValue = letter.notOnThisMachine ? 'itemElsewhere' : 'item';
  t.iconPath =
    i.decision === 'Overturned'
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.blue'))
      : i.decision === 'Upheld'
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.orange'))
        : new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.yellow'));
  t.command = { command: COMMANDS.lettersOpenItem, title: 'Open Letter at Item', arguments: [letter.uri, i.range] };
  if (letter.notOnThisMachine) {
    t.command = undefined;
    t.tooltip += `\nNot on this machine: it was at ${letter.notOnThisMachine}`;
  }
  return t;
}

/** Opens a letter at a range: a text letter in an editor, a PDF letter through its read-only view. */
export async function openLetterAt(
  uri: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
): Promise<void> {
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
    prompt: 'Words of the item name, and facets: outcome:upheld|overturned|mixed|undecided  guideline:"…"  section:"…"  specialty:"…"  month:YYYY-MM',
    placeHolder: 'acupuncture outcome:overturned',
    // An unknown facet is said as it is typed, with the facets (Enter is refused until it is fixed).
    validateInput: (v) => parseFilter(v).problem,
  });
  if (value === undefined) return;
  await view.setFilterText(value);
}

export async function pickGrouping(view: LettersView): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    GROUPINGS.map((g) => ({
      label: g.label,
      detail: g.detail,
      id: g.id,
      picked: g.id === view.grouping,
      description: g.id === view.grouping ? '(current)' : undefined,
    })),
    { title: 'Group IMR Letters By' },
  );
  if (picked) await view.setGrouping(picked.id);
}

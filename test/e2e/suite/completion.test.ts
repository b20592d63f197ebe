// Completion while typing a new letter in an untitled imr-determination document: guideline
// names after `Decision based on MTUS `, sections, pages, and the decision after an item's colon.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LANGUAGE_ID, revertAndCloseAll, waitFor } from './util';

const HEAD = [
  'IMR ISSUES, DECISIONS AND RATIONALES',
  'The Final Determination was based on decisions for the disputed items/services set forth below:',
  '',
].join('\n');

/** A new untitled letter holding `text`, shown in an editor, with the cursor at its end. */
async function draft(text: string): Promise<{ doc: vscode.TextDocument; end: vscode.Position }> {
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
  await vscode.window.showTextDocument(doc);
  assert.strictEqual(doc.languageId, LANGUAGE_ID);
  assert.strictEqual(doc.uri.scheme, 'untitled');
  assert.strictEqual(doc.getText(), text, `${doc.uri.toString()} is not the document just opened`);
  return { doc, end: doc.positionAt(text.length) };
}

/** The server's completion items at position (other providers' words and snippets left out), once it answers. */
async function completions(
  doc: vscode.TextDocument,
  position: vscode.Position,
  kind: vscode.CompletionItemKind,
  trigger?: string,
): Promise<vscode.CompletionItem[]> {
  return waitFor(`completions at ${position.line}:${position.character}`, async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position, trigger);
    const items = list?.items.filter((i) => i.kind === kind) ?? [];
    return items.length ? items : undefined;
  });
}

const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
/** The range an item replaces (insert range when VS Code splits it). */
const replaced = (i: vscode.CompletionItem) => (i.range instanceof vscode.Range ? i.range : i.range?.inserting);
const docs = (i: vscode.CompletionItem) => (typeof i.documentation === 'string' ? i.documentation : (i.documentation?.value ?? ''));

describe('completion', () => {
  // Not after each test: a closed untitled document's name (Untitled-1) is given to the next one,
  // and code-server then sometimes hands back the old, closed document's text for it.
  after(revertAndCloseAll);

  it('offers MTUS guideline names after `Decision based on MTUS `, the chronic pain guidelines among them', async () => {
    const { doc, end } = await draft(`${HEAD}MRI of the knee: Upheld\nClaims Administrator guideline: Decision based on MTUS `);
    const items = await completions(doc, end, vscode.CompletionItemKind.Module, ' ');
    const labels = items.map(label);
    for (const name of [
      'Chronic Pain Medical Treatment 2009',
      'Chronic Pain Treatment Guidelines',
      'Knee Complaints 2004',
      'ACOEM Chapter 12 Low Back Complaints',
    ]) {
      assert.ok(labels.includes(name), `"${name}" not offered: ${JSON.stringify(labels)}`);
    }
    const chronic = items.find((i) => label(i) === 'Chronic Pain Treatment Guidelines')!;
    assert.match(String(chronic.detail), /Chronic Pain Medical Treatment Guidelines/);
    assert.match(docs(chronic), /MTUS guideline/);
    // Inserted at the cursor (nothing typed yet to replace).
    assert.ok(replaced(chronic)?.isEqual(new vscode.Range(end, end)), `range ${JSON.stringify(replaced(chronic))}`);
  });

  it('offers section names after `Section(s): ` and page ranges after `Page(s): ` of the cited guideline', async () => {
    const { doc, end } = await draft(
      `${HEAD}MRI of the knee: Upheld\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): `,
    );
    const sections = (await completions(doc, end, vscode.CompletionItemKind.Reference)).map(label);
    assert.ok(sections.includes('Physical medicine treatment'), JSON.stringify(sections.slice(0, 20)));
    assert.ok(sections.includes('Opioids, criteria for use'));
    assert.ok(!sections.includes('Special Studies'), 'a section of another guideline (Knee Complaints) offered');

    const pagesDoc = await draft(
      `${HEAD}MRI of the knee: Upheld\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines Physical Medicine Page(s): `,
    );
    const pages = await completions(pagesDoc.doc, pagesDoc.end, vscode.CompletionItemKind.Value);
    const pt = pages.find((i) => label(i) === '98-99');
    assert.ok(pt, `98-99 not offered: ${JSON.stringify(pages.map(label).slice(0, 30))}`);
    assert.match(String(pt.detail), /Physical medicine/);
    assert.ok(pt.preselect, 'the pages of the named topic are preselected');
  });

  it('offers Upheld and Overturned after an item line `MRI of the knee: `', async () => {
    const { doc, end } = await draft(`${HEAD}MRI of the knee: `);
    const items = await completions(doc, end, vscode.CompletionItemKind.EnumMember, ' ');
    assert.deepStrictEqual(items.map(label).sort(), ['Overturned', 'Upheld']);
    const upheld = items.find((i) => label(i) === 'Upheld')!;
    const overturned = items.find((i) => label(i) === 'Overturned')!;
    assert.match(docs(upheld), /denial .*stands/);
    assert.match(docs(overturned), /found medically necessary/);
    for (const i of items) assert.ok(replaced(i)?.isEqual(new vscode.Range(end, end)));

    // A partly typed decision is replaced, not appended to.
    await vscode.window.activeTextEditor!.edit((b) => b.insert(end, 'Ov'));
    const typed = doc.positionAt(doc.getText().length);
    const after = await completions(doc, typed, vscode.CompletionItemKind.EnumMember);
    const o = after.find((i) => label(i) === 'Overturned');
    assert.ok(o && replaced(o)?.isEqual(new vscode.Range(end, typed)), `range ${JSON.stringify(o && replaced(o))}`);
  });
});

// Hovers from the knowledge base: a cited page range, a decision word and an item name.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverMarkdown, openLetter, rangeOf, sample, waitFor } from './util';

const LETTER = 'physical-therapy-overturned.imr';

/** The hover at the middle of `text` (its first occurrence after `after`), once the server answers. */
async function hoverAt(doc: vscode.TextDocument, text: string, after = ''): Promise<{ markdown: string; hovers: vscode.Hover[]; range: vscode.Range }> {
  const range = rangeOf(doc, text, after ? doc.getText().indexOf(after) : 0);
  const middle = range.start.translate(0, Math.floor(text.length / 2));
  const hovers = await waitFor(`hover on "${text}"`, async () => {
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, middle);
    return h && hoverMarkdown(h).trim() ? h : undefined;
  });
  return { markdown: hoverMarkdown(hovers), hovers, range };
}

describe('hover', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("on the MAXIMUS guideline's `Page(s): 98-99`: the Chronic Pain guidelines, Physical Medicine, and whether the pages are verified", async () => {
    const doc = await openLetter(sample(LETTER));
    const { markdown, hovers } = await hoverAt(doc, '98-99', 'MAXIMUS guideline:');
    assert.match(markdown, /\*\*Chronic Pain Medical Treatment Guidelines \(2009\)\*\*/, markdown);
    assert.match(markdown, /pages 98-99/);
    assert.match(markdown, /Physical medicine/i);
    // Every page number says where it comes from and whether it was checked against the guideline.
    assert.match(markdown, /(not )?verified against the guideline text|— verified|\(verified\)/i);
    assert.match(markdown, /pp\. 98-99 \(2009 edition\)/);
    assert.match(markdown, /source: /);
    // The hover is markdown, and its range is the page reference.
    const contents = hovers.flatMap((h) => h.contents);
    assert.ok(contents.some((c) => c instanceof vscode.MarkdownString), 'expected markdown contents');
    const withRange = hovers.find((h) => h.range);
    assert.ok(withRange?.range && doc.getText(withRange.range).includes('98-99'), `hover range: ${withRange?.range && doc.getText(withRange.range)}`);
  });

  it('on `Overturned`: the treatment was found medically necessary and must be authorized', async () => {
    const doc = await openLetter(sample(LETTER));
    const { markdown, hovers } = await hoverAt(doc, 'Overturned', 'cervical and lumbar spine:');
    assert.match(markdown, /^\*\*Overturned\*\*/);
    assert.match(markdown, /found medically necessary/);
    assert.match(markdown, /must authorize/);
    assert.doesNotMatch(markdown, /\*\*Upheld\*\*/);
    assert.strictEqual(doc.getText(hovers.find((h) => h.range)!.range), 'Overturned');
  });

  it('on an item name: its decision and what each side cited', async () => {
    const doc = await openLetter(sample(LETTER));
    const { markdown } = await hoverAt(doc, 'physical therapy sessions');
    assert.match(markdown, /\*\*Eight \(8\) physical therapy sessions \(2x4\), cervical and lumbar spine\*\*/);
    assert.match(markdown, /Decision: \*\*Overturned\*\*/);
    assert.match(markdown, /Claims Administrator \(utilization review\) cited:\n- MTUS Chronic Pain Medical Treatment Guidelines/);
    assert.match(markdown, /MAXIMUS expert reviewer cited:\n- MTUS Chronic Pain Medical Treatment Guidelines .*page\\?\(s\\?\) 98-99/);
  });
});

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

  it("on the MAXIMUS guideline's `Page(s): 98-99`: the Chronic Pain guidelines, Physical Medicine, and whether the pages are verified, in a short hover", async () => {
    const doc = await openLetter(sample(LETTER));
    const { markdown, hovers } = await hoverAt(doc, '98-99', 'MAXIMUS guideline:');
    // Essentials first: the guideline's title line, then the pages and their topic, then the
    // page's source and verification on one line, then the edition.
    const lines = markdown.split('\n').filter((l) => l.trim());
    assert.match(lines[0], /^\*\*Chronic Pain Medical Treatment Guidelines \(2009\)\*\*/, markdown);
    const topic = lines.findIndex((l) => /^\*\*Pages 98-99 · Physical medicine\*\* — /.test(l));
    const status = lines.findIndex((l) =>
      /^pp\. 98-99 \(2009 edition\), as commonly cited in IMR letters[^\n]*; not verified against the guideline text \(confidence medium\)/.test(l),
    );
    const edition = lines.findIndex((l) => /^_Edition:_ these are 2009-edition page numbers/.test(l));
    assert.ok(topic > 0 && status === topic + 1 && edition > status, markdown);
    // Short enough not to be cut off (VS Code caps a hover's height): no "about" paragraph,
    // and only text written for a reader (no research notes, no shortened addresses).
    assert.ok(lines.length <= 6, `${lines.length} lines:\n${markdown}`);
    assert.doesNotMatch(markdown, /A-to-Z list of treatments/);
    assert.doesNotMatch(markdown, /\bbrief\b|this session|requester|\.\.\.\)/i);
    // The hover is markdown, and its range is the page reference.
    const contents = hovers.flatMap((h) => h.contents);
    assert.ok(
      contents.some((c) => c instanceof vscode.MarkdownString),
      'expected markdown contents',
    );
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

  it('on a therapy item name: the visits against the allowance first, then its decision and what each side cited', async () => {
    const doc = await openLetter(sample(LETTER));
    const { markdown } = await hoverAt(doc, 'physical therapy sessions');
    assert.match(markdown, /\*\*8 visits requested\*\*/);
    assert.match(markdown, /9-10 visits over 8 weeks for myalgia and myositis: within/);
    assert.match(markdown, /Decision: \*\*Overturned\*\*/);
    assert.ok(markdown.indexOf('visits requested') < markdown.indexOf('Decision:'), 'the allowance leads');
    // The Claims Administrator named the section by its heading: the hover says so, and no hint says otherwise.
    assert.match(markdown, /Claims Administrator cited: MTUS Chronic Pain Medical Treatment Guidelines \(2009\) — section Physical Medicine/);
    assert.match(markdown, /MAXIMUS cited: MTUS Chronic Pain Medical Treatment Guidelines .*page\\?\(s\\?\) 98-99/);
  });
});

/**
 * Snippets (snippets/imr-determination.code-snippets) and language-configuration.json.
 * Run with: node --import tsx --test test/grammar/*.test.ts
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vsctm from 'vscode-textmate';
import { CORPUS_MISSING_MESSAGE, REPO_ROOT, allTokens, corpusAvailable, corpusFiles, getGrammar, hasScope, sampleFiles, tokenizeText } from './tokenize';

const SNIPPETS_PATH = path.join(REPO_ROOT, 'snippets', 'imr-determination.code-snippets');
const LANGUAGE_CONFIGURATION_PATH = path.join(REPO_ROOT, 'language-configuration.json');
const CORPUS_SKIP: string | false = corpusAvailable() ? false : CORPUS_MISSING_MESSAGE;

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const bodyText = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/**
 * Expand a VS Code snippet the way the editor would when the user accepts every default:
 * placeholders become their (recursively expanded) default text, choices become the chosen option
 * (`choices[n]`, else the first), bare tabstops become empty, variables use `variables`.
 * Throws on malformed syntax (unclosed `${`, empty choice, unknown escape use is left literal as VS Code does).
 */
export function expandSnippet(body: string, choices: Record<number, string> = {}, variables: Record<string, string> = {}): string {
  let i = 0;
  const parse = (stopAt: string | null): string => {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\,|'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (stopAt !== null && c === stopAt) {
        return out;
      } else if (c === '$') {
        out += parseDollar();
      } else {
        out += c;
        i++;
      }
    }
    if (stopAt !== null) throw new Error(`unclosed \${ in snippet body near: ${body.slice(Math.max(0, i - 40), i)}`);
    return out;
  };
  const parseDollar = (): string => {
    i++; // $
    let m = /^(\d+)/.exec(body.slice(i));
    if (m) {
      i += m[1].length;
      return '';
    }
    m = /^([A-Z_][A-Z_0-9]*)/.exec(body.slice(i));
    if (m) {
      i += m[1].length;
      if (!(m[1] in variables)) throw new Error(`unknown variable $${m[1]}`);
      return variables[m[1]];
    }
    if (body[i] !== '{') return '$';
    i++; // {
    m = /^(\d+)/.exec(body.slice(i));
    if (m) {
      const n = Number(m[1]);
      i += m[1].length;
      if (body[i] === '}') {
        i++;
        return '';
      }
      if (body[i] === ':') {
        i++;
        const inner = parse('}');
        i++; // }
        return inner;
      }
      if (body[i] === '|') {
        i++;
        const options: string[] = [];
        let cur = '';
        while (i < body.length && !(body[i] === '|' && body[i + 1] === '}')) {
          if (body[i] === '\\' && ',|\\$}'.includes(body[i + 1])) {
            cur += body[i + 1];
            i += 2;
          } else if (body[i] === ',') {
            options.push(cur);
            cur = '';
            i++;
          } else cur += body[i++];
        }
        if (i >= body.length) throw new Error('unclosed choice');
        options.push(cur);
        i += 2; // |}
        assert.ok(
          options.every((o) => o.length > 0),
          `empty option in choice \${${n}|...|}`,
        );
        const chosen = choices[n] ?? options[0];
        assert.ok(options.includes(chosen), `choice ${n} has no option ${chosen}: ${options.join(' | ')}`);
        return chosen;
      }
      throw new Error(`bad tabstop \${${n}${body[i]}`);
    }
    m = /^([A-Z_][A-Z_0-9]*)/.exec(body.slice(i));
    if (m) {
      i += m[1].length;
      let fallback = '';
      if (body[i] === ':') {
        i++;
        fallback = parse('}');
      }
      if (body[i] !== '}') throw new Error(`bad variable \${${m[1]}`);
      i++;
      return variables[m[1]] ?? fallback;
    }
    throw new Error(`bad \${ at ${i}`);
  };
  return parse(null);
}

const VARIABLES = { CURRENT_MONTH: '02', CURRENT_DATE: '01', CURRENT_YEAR: '2017' };

/** Real letters, whitespace-normalized, to check that the snippets' fixed sentences are the letters' own words. */
function normalizedLetters(files: string[]): string {
  return files.map((f) => fs.readFileSync(f, 'utf8').replace(/\s+/g, ' ')).join('\n');
}

describe('snippets', () => {
  const raw = fs.readFileSync(SNIPPETS_PATH, 'utf8');
  let snippets: Record<string, Snippet>;
  let grammar: vsctm.IGrammar;
  before(async () => {
    grammar = await getGrammar();
  });

  it('the snippet file is strict JSON', () => {
    snippets = JSON.parse(raw);
    assert.ok(Object.keys(snippets).length >= 9);
  });

  it('every snippet has a prefix, a description and a well-formed body', () => {
    snippets ??= JSON.parse(raw);
    for (const [name, s] of Object.entries(snippets)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && /^[a-z][a-z-]*$/.test(p)), `${name}: prefix`);
      assert.equal(typeof s.description, 'string', `${name}: description`);
      assert.ok(typeof s.body === 'string' || (Array.isArray(s.body) && s.body.every((l) => typeof l === 'string')), `${name}: body`);
      // Every body line survives a JSON round trip and expands without syntax errors.
      assert.deepEqual(JSON.parse(JSON.stringify(s.body)), s.body);
      assert.doesNotThrow(() => expandSnippet(bodyText(s), {}, VARIABLES), name);
    }
  });

  it('the item snippet has the outcome choice and the three fields in order', () => {
    snippets ??= JSON.parse(raw);
    const item = snippets['IMR disputed item'];
    assert.ok(item, 'IMR disputed item snippet');
    assert.match(bodyText(item), /\$\{2\|Upheld,Overturned\|\}/);
    for (const outcome of ['Upheld', 'Overturned']) {
      const text = expandSnippet(bodyText(item), { 2: outcome }, VARIABLES);
      const lines = text.split('\n');
      assert.match(lines[0], new RegExp(`^\\S.*: ${outcome}$`));
      const at = ['Claims Administrator guideline:', 'MAXIMUS guideline:', 'Decision rationale:'].map((l) => text.indexOf(l));
      assert.ok(
        at.every((p) => p > 0),
        `all three labels present: ${at}`,
      );
      assert.deepEqual(
        [...at].sort((a, b) => a - b),
        at,
        'labels in order',
      );
      // The grammar reads the expanded item as an item with its outcome and fields.
      const doc = tokenizeText(grammar, text);
      const outcomeToken = allTokens(doc).find((t) => t.text === outcome);
      assert.ok(outcomeToken && hasScope(outcomeToken, outcome === 'Upheld' ? 'markup.deleted.upheld' : 'markup.inserted.overturned'));
      assert.equal(allTokens(doc).filter((t) => hasScope(t, 'keyword.other.field')).length, 3);
      assert.ok(allTokens(doc).some((t) => hasScope(t, 'meta.citation.mtus')));
    }
  });

  it('the letter snippet expands to a letter the grammar reads: header, three headings, one item', () => {
    snippets ??= JSON.parse(raw);
    const letter = snippets['IMR determination letter'];
    const text = expandSnippet(bodyText(letter), {}, VARIABLES);
    const headings = ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES'];
    const at = headings.map((h) => text.indexOf(`\n${h}\n`));
    assert.ok(at.every((p) => p > 0));
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
      'headings in order',
    );
    for (const sentence of [
      'MAXIMUS Federal Services sent the complete case file to an expert reviewer.',
      'The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:',
      'The Final Determination was based on decisions for the disputed items/services set forth below:',
    ]) {
      assert.ok(text.includes(sentence), sentence);
    }
    assert.match(text, /^Decision Date: 02\/01\/2017$/m);
    const doc = tokenizeText(grammar, text);
    const scoped = (scope: string) =>
      allTokens(doc)
        .filter((t) => hasScope(t, scope))
        .map((t) => t.text.trim());
    assert.deepEqual(scoped('entity.name.section'), headings);
    assert.deepEqual(
      new Set(scoped('entity.name.tag.header-label')),
      new Set(['Case Number', 'Date Assigned', 'Decision Date', 'Priority', 'Date of Injury', 'UR Denial Date', 'Application Received']),
    );
    assert.deepEqual(scoped('constant.other.case-number'), ['CM00-0000000']);
    assert.deepEqual(scoped('markup.deleted.upheld'), ['Upheld']);
    assert.equal(scoped('meta.citation.mtus').length > 0, true);
  });

  it('standard sentences are verbatim those of the 2014-2015 samples', () => {
    snippets ??= JSON.parse(raw);
    const samples = normalizedLetters(sampleFiles());
    const letter = expandSnippet(bodyText(snippets['IMR determination letter']), {}, VARIABLES);
    for (const sentence of [
      'The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:',
      'The Final Determination was based on decisions for the disputed items/services set forth below:',
      'MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no affiliation with the employer, employee, providers or the claims administrator.',
    ]) {
      assert.ok(letter.includes(sentence), `snippet lacks: ${sentence}`);
      assert.ok(samples.includes(sentence), `samples lack: ${sentence}`);
    }
    assert.ok(samples.includes('Decision based on MTUS Chronic Pain Treatment Guidelines'));
    assert.ok(expandSnippet(bodyText(snippets['MTUS citation with pages (2014-2015 letters)'])).includes(' Page(s): 98-99.'));
  });

  it('standard sentences are verbatim those of the 2016-2017 letters', { skip: CORPUS_SKIP }, () => {
    snippets ??= JSON.parse(raw);
    const corpus = normalizedLetters(corpusFiles('text'));
    const howParagraph = bodyText(snippets['IMR determination letter']).split('\n')[9];
    const expanded = Object.fromEntries(Object.entries(snippets).map(([k, s]) => [k, expandSnippet(bodyText(s), {}, VARIABLES)]));
    for (const sentence of [
      howParagraph,
      'The Expert Reviewer has the following credentials:',
      expanded['Claims Administrator cited no evidence'],
      expanded['Expert Reviewer cited no evidence'],
      'The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG),',
      'The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG)',
      'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
      'Decision based on Non-MTUS Citation Official Disability Guidelines (ODG),',
    ]) {
      assert.ok(corpus.includes(sentence), `no 2016-2017 letter contains: ${sentence}`);
    }
    // Every MTUS guideline offered in the choices is cited by some letter, written the same way.
    const choice = /\$\{\d+\|([^}]*)\|\}/.exec(bodyText(snippets['MTUS citation with sections (2016-2017 letters)']))!;
    const options = choice[1].split(/(?<!\\),/).map((o) => o.replace(/\\,/g, ','));
    assert.ok(options.length >= 10);
    for (const o of options) assert.ok(corpus.includes(`Decision based on MTUS ${o}`) || corpus.includes(`and ${o}`), o);
  });
});

describe('language-configuration.json', () => {
  const config = JSON.parse(fs.readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8'));
  const words = (s: string): string[] => [...(s.match(new RegExp(config.wordPattern as string, 'g')) ?? [])];

  it('is contributed as the imr-determination language configuration, with the snippets', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'imr-determination');
    assert.equal(path.resolve(REPO_ROOT, lang.configuration), LANGUAGE_CONFIGURATION_PATH);
    const snip = (pkg.contributes.snippets ?? []).find((s: { language: string }) => s.language === 'imr-determination');
    assert.ok(snip, 'contributes.snippets entry');
    assert.equal(path.resolve(REPO_ROOT, snip.path), SNIPPETS_PATH);
    assert.equal(pkg.scripts['test:grammar'], 'node --import tsx --test test/grammar/*.test.ts');
  });

  it('keeps page ranges, case numbers, doses and dates whole as one word', () => {
    const found = words('Page(s): 98-99. Case CM99-0000037: Norco 10/325mg since 05/21/2013, then 10-13-16.');
    for (const w of ['98-99', 'CM99-0000037', '10/325mg', '05/21/2013', '10-13-16', 'Page(s)']) {
      assert.ok(found.includes(w), `${w} not one word: ${JSON.stringify(found)}`);
    }
    // Sentence punctuation is not part of a word.
    assert.deepEqual(words('necessary. (ODG), "Tapering opioids"'), ['necessary', 'ODG', 'Tapering', 'opioids']);
    assert.deepEqual(words("the claimant's x-rays"), ['the', "claimant's", 'x-rays']);
    // Never matches the empty string (VS Code requires this of a word pattern).
    assert.ok(!new RegExp(config.wordPattern).test(''));
  });

  it('pairs (), [], {} and quotes; declares no comments', () => {
    const pairs = (list: Array<[string, string]>) => new Set(list.map(([o, c]) => o + c));
    for (const p of ['()', '[]', '{}']) assert.ok(pairs(config.brackets).has(p), p);
    const auto = new Set(config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close));
    for (const p of ['()', '[]', '{}', '""', "''", '\u201C\u201D']) assert.ok(auto.has(p), p);
    for (const p of ['()', '[]', '{}', '""', "''", '\u201C\u201D']) assert.ok(pairs(config.surroundingPairs).has(p), p);
    assert.equal(config.comments, undefined);
  });
});

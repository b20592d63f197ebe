/**
 * TextMate grammar tests (syntaxes/imr-determination.tmLanguage.json), run with
 *   node --import tsx --test test/grammar/*.test.ts
 *
 * Real letters of every layout are tokenized with vscode-textmate + Oniguruma (the engine VS Code uses):
 * the 2014-2015 samples (blank line after every line), the 2016-2017 corpus in its three pdftotext
 * extractions (text / layout / raw, read from ../shared/corpus or IMR_CORPUS_DIR; skipped with a message
 * when absent), the 2013 notice fragment, and focused fixtures in test/fixtures/grammar/.
 * Assertions name exact token text + scope; nothing is snapshotted.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import {
  CORPUS_DIR,
  CORPUS_MISSING_MESSAGE,
  FIXTURES_DIR,
  FRAGMENT_PATH,
  GRAMMAR_PATH,
  REPO_ROOT,
  SAMPLES_DIR,
  SCOPE_NAME,
  type Token,
  type TokenizedDocument,
  allTokens,
  corpusAvailable,
  corpusFiles,
  describeLine,
  getGrammar,
  hasScope,
  loadGrammar,
  sampleFiles,
  tokenizeText,
  tokensWithScope,
  tokensWithText,
} from './tokenize';

const CORPUS_SKIP: string | false = corpusAvailable() ? false : CORPUS_MISSING_MESSAGE;
if (CORPUS_SKIP) console.warn(`\n[grammar tests] ${CORPUS_MISSING_MESSAGE}\n`);

let grammar: vsctm.IGrammar;
before(async () => {
  grammar = await getGrammar();
});

function tokenize(file: string): TokenizedDocument {
  return tokenizeText(grammar, fs.readFileSync(file, 'utf8'));
}

/** Assert that some token has exactly `text` (trimmed; form feeds count as space) and carries `scope`. */
function expectToken(doc: TokenizedDocument, text: string, scope: string, where = ''): Token {
  const candidates = allTokens(doc).filter((t) => t.text.replace(/\f/g, ' ').trim() === text);
  const hit = candidates.find((t) => hasScope(t, scope));
  assert.ok(
    hit,
    `${where}: expected a token ${JSON.stringify(text)} scoped ${scope}; ` +
      (candidates.length
        ? `found it with scopes:\n  ${candidates.map((t) => `line ${t.line + 1}: ${t.scopes.slice(1).join(' ')}`).join('\n  ')}`
        : `no token has that exact text`),
  );
  return hit;
}

function expectNoScope(doc: TokenizedDocument, line: number, scope: string, where = ''): void {
  const bad = doc.tokens[line].filter((t) => hasScope(t, scope));
  assert.equal(bad.length, 0, `${where} line ${line + 1} must not carry ${scope}:\n  ${describeLine(doc, line)}`);
}

function lineIndex(doc: TokenizedDocument, re: RegExp, from = 0): number {
  const i = doc.lines.findIndex((l, n) => n >= from && re.test(l));
  assert.ok(i >= 0, `no line matches ${re}`);
  return i;
}

// ---------------------------------------------------------------------------------------------
// Ground truth from the letter text alone (independent of the grammar): which lines belong to a
// "Claims Administrator guideline:" / "MAXIMUS guideline:" field. A field runs from its label to the
// next label, item header, lone outcome or section heading.
const GUIDELINE_LABEL = /^[\f\t ]*(?:Claims Administrator|MAXIMUS) guideline:/;
const FIELD_END =
  /^[\f\t ]*(?:Decision rationale:|.*:\s*(?:Upheld|Overturned)\s*$|(?:Upheld|Overturned)\s*$|HOW THE IMR FINAL|CLINICAL CASE SUMMARY\s*$|IMR ISSUES, DECISIONS|Case Number:)/;

function fieldMembership(lines: string[]): boolean[] {
  let inField = false;
  return lines.map((l) => {
    if (GUIDELINE_LABEL.test(l)) inField = true;
    else if (FIELD_END.test(l)) inField = false;
    return inField;
  });
}

const CITATION_LIKE = ['meta.citation', 'meta.field', 'comment.other.no-citation', 'comment.other.outside-mtus'];

/**
 * No leakage: a line outside every guideline field carries no citation/field scope.
 * Continuity: every word of a wrapped field line is still inside a citation or standard statement.
 */
function checkFieldScoping(doc: TokenizedDocument, where: string): void {
  const member = fieldMembership(doc.lines);
  doc.lines.forEach((text, i) => {
    if (!member[i]) {
      for (const scope of CITATION_LIKE) expectNoScope(doc, i, scope, where);
      return;
    }
    if (GUIDELINE_LABEL.test(text)) return;
    for (const t of doc.tokens[i]) {
      if (!t.text.trim()) continue;
      assert.ok(
        t.scopes.some((s) => /^(?:meta\.citation|comment\.other\.(?:no-citation|outside-mtus)|keyword\.other\.citation)\./.test(s)),
        `${where} line ${i + 1}: wrapped guideline text ${JSON.stringify(t.text)} lost its citation scope:\n  ${describeLine(doc, i)}`,
      );
    }
  });
  // The rationale label always gets its label scope, whatever came before it.
  doc.lines.forEach((text, i) => {
    const m = /^([\f\t ]*)Decision rationale:/.exec(text);
    if (!m) return;
    const label = doc.tokens[i].find((t) => t.text === 'Decision rationale');
    assert.ok(label && hasScope(label, 'keyword.other.field.rationale'), `${where} line ${i + 1}:\n  ${describeLine(doc, i)}`);
  });
}

// ---------------------------------------------------------------------------------------------
describe('grammar file', () => {
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));

  it('declares the scope name and is loadable by vscode-textmate', () => {
    assert.equal(raw.scopeName, SCOPE_NAME);
    assert.ok(grammar);
  });

  it('compiles every regex with Oniguruma', () => {
    const regexes: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'match' || k === 'begin' || k === 'end' || k === 'while') && typeof v === 'string') regexes.push(v);
        else walk(v);
      }
    };
    walk(raw);
    assert.ok(regexes.length > 20);
    for (const re of regexes) {
      assert.doesNotThrow(() => new oniguruma.OnigScanner([re]), `invalid regex: ${re}`);
    }
    assert.throws(() => new oniguruma.OnigScanner(['(unclosed']), 'Oniguruma must reject a broken regex (sanity check)');
  });

  it('resolves every #include and uses every repository rule', () => {
    const used = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'include' && typeof v === 'string' && v.startsWith('#')) used.add(v.slice(1));
        else walk(v);
      }
    };
    walk(raw);
    const defined = new Set(Object.keys(raw.repository));
    for (const name of used) assert.ok(defined.has(name), `#${name} is included but not defined`);
    for (const name of defined) assert.ok(used.has(name), `repository rule ${name} is never used`);
  });

  it('suffixes every scope with .imr', () => {
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'name' || k === 'contentName') && typeof v === 'string') names.push(...v.split(' '));
        else walk(v);
      }
    };
    walk(raw.repository);
    for (const n of names) assert.match(n, /^[a-z]+(?:\.[a-z0-9-]+)*\.imr$/, n);
  });

  it('is contributed in package.json for the imr-determination language', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const entry = (pkg.contributes?.grammars ?? []).find((g: { scopeName?: string }) => g.scopeName === SCOPE_NAME);
    assert.ok(entry, 'contributes.grammars has no entry for text.imr-determination');
    assert.equal(entry.language, 'imr-determination');
    assert.equal(path.resolve(REPO_ROOT, entry.path), GRAMMAR_PATH);
  });
});

// ---------------------------------------------------------------------------------------------
describe('2014-2015 samples (blank line after every line)', () => {
  const file = (name: string) => path.join(SAMPLES_DIR, name);

  it('physical-therapy-upheld.txt: headings, item, outcome, labels, MTUS citation with pages, dates', () => {
    const doc = tokenize(file('physical-therapy-upheld.txt'));
    const w = 'physical-therapy-upheld.txt';
    for (const h of ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES']) {
      expectToken(doc, h, 'entity.name.section', w);
      expectToken(doc, h, 'markup.heading.section', w);
    }
    expectToken(doc, 'Physical therapy 2x4 for core and trunk stabilization for the lumbar spine', 'entity.name.function.item', w);
    expectToken(doc, 'Upheld', 'markup.deleted.upheld', w);
    expectToken(doc, 'Claims Administrator guideline', 'keyword.other.field.guideline', w);
    expectToken(doc, 'MAXIMUS guideline', 'keyword.other.field.guideline', w);
    expectToken(doc, 'Decision rationale', 'keyword.other.field.rationale', w);
    const lead = expectToken(doc, 'Decision based on', 'keyword.other.citation', w);
    assert.ok(hasScope(lead, 'meta.citation.mtus'));
    expectToken(doc, 'MTUS', 'meta.citation.mtus', w);
    expectToken(doc, 'Chronic Pain Treatment Guidelines', 'entity.name.class.guideline', w);
    expectToken(doc, 'pages', 'keyword.other.page', w);
    expectToken(doc, 'Page(s)', 'keyword.other.page', w);
    expectToken(doc, '99', 'constant.numeric.page', w);
    expectToken(doc, '06/23/2014', 'constant.numeric.date', w);
    // "Guidelines for physical medicine." sits two lines (one blank) below its citation's first line; it is the
    // citation's topic, coloured like a Section(s) name (not "Guidelines" as part of the guideline name).
    const cont = lineIndex(doc, /^Guidelines for physical medicine\./);
    const topic = expectToken(doc, 'Guidelines for physical medicine', 'string.unquoted.section', w);
    assert.ok(hasScope(topic, 'meta.citation.mtus') && !hasScope(topic, 'entity.name.class.guideline'));
    assert.ok(
      doc.tokens[cont].every((t) => hasScope(t, 'meta.field.guideline')),
      describeLine(doc, cont),
    );
    // "MTUS pages 98,99 Physical Medicine Page(s): 98, 99.": the topic between the inline pages and Page(s).
    expectToken(doc, 'Physical Medicine', 'string.unquoted.section', w);
  });

  it('physical-therapy-overturned.imr: Overturned, page range, date in the rationale', () => {
    const doc = tokenize(file('physical-therapy-overturned.imr'));
    const w = 'physical-therapy-overturned.imr';
    // The item name, its brackets split off (string token type, so bracket pair colourization skips them).
    const item = lineIndex(doc, /^Eight \(8\) physical therapy sessions/);
    const nameTokens = doc.tokens[item].filter((t) => hasScope(t, 'entity.name.function.item'));
    assert.equal(nameTokens.map((t) => t.text).join(''), 'Eight (8) physical therapy sessions (2x4), cervical and lumbar spine');
    for (const t of nameTokens) {
      assert.equal(hasScope(t, 'meta.brackets.item'), /^[()]$/.test(t.text), `${JSON.stringify(t.text)}: ${t.scopes.join(' ')}`);
    }
    expectToken(doc, 'Overturned', 'markup.inserted.overturned', w);
    expectToken(doc, '98-99', 'constant.numeric.page', w);
    // The 2014-2015 topic: "Physical Medicine." ending the Claims Administrator citation, and "Physical" /
    // "Medicine" wrapped before "Page(s):" in the MAXIMUS one, coloured like a Section(s) name.
    for (const [text, n] of [
      ['Physical Medicine', 1],
      ['Physical', 1],
      ['Medicine', 1],
    ] as const) {
      const hits = tokensWithText(doc, text).filter((t) => hasScope(t, 'string.unquoted.section') && hasScope(t, 'meta.citation.mtus'));
      assert.equal(
        hits.length,
        n,
        `${text}: ${tokensWithText(doc, text)
          .map((t) => t.scopes.join(' '))
          .join(' | ')}`,
      );
    }
    expectToken(doc, 'Chronic Pain Treatment Guidelines', 'entity.name.class.guideline', w);
    expectToken(doc, 'Page(s)', 'keyword.other.page', w);
    expectToken(doc, '05/21/2013', 'constant.numeric.date', w);
  });

  it('physical-therapy-lumbar.txt: ACOEM chapter, Page(s), and a Non-MTUS citation on the same line', () => {
    const doc = tokenize(file('physical-therapy-lumbar.txt'));
    const w = 'physical-therapy-lumbar.txt';
    expectToken(doc, 'ACOEM Chapter 12 Low Back', 'entity.name.class.guideline', w);
    expectToken(doc, 'Complaints', 'entity.name.class.guideline', w);
    expectToken(doc, '299', 'constant.numeric.page', w);
    const kind = expectToken(doc, 'Non-MTUS Citation', 'keyword.other.citation', w);
    assert.ok(hasScope(kind, 'meta.citation.non-mtus') && !hasScope(kind, 'meta.citation.mtus'));
    const odg = expectToken(doc, 'Official Disability Guidelines', 'entity.name.class.guideline', w);
    assert.ok(hasScope(odg, 'meta.citation.non-mtus'));
  });

  it('pt-and-acupuncture.txt: two items, each with its fields', () => {
    const doc = tokenize(file('pt-and-acupuncture.txt'));
    const w = 'pt-and-acupuncture.txt';
    expectToken(doc, 'Physical therapy for cervical/thoracic spine #8', 'entity.name.function.item', w);
    expectToken(doc, 'Acupuncture for cervical/thoracic spine #8', 'entity.name.function.item', w);
    assert.equal(tokensWithScope(doc, 'markup.deleted.upheld').length, 2);
    expectToken(doc, 'Acupuncture Treatment Guidelines', 'entity.name.class.guideline', w);
  });

  it('x-rays-and-pt.txt: upper-case item name, "p.98-99" inline page reference', () => {
    const doc = tokenize(file('x-rays-and-pt.txt'));
    const w = 'x-rays-and-pt.txt';
    expectToken(doc, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'entity.name.function.item', w);
    expectToken(doc, 'p.', 'keyword.other.page', w);
    // "physical" / "medicine p.98-99 Page(s): 98-99.": the topic stops at the inline page reference.
    expectToken(doc, 'physical', 'string.unquoted.section', w);
    expectToken(doc, 'medicine', 'string.unquoted.section', w);
    expectToken(doc, '303', 'constant.numeric.page', w);
    expectToken(doc, 'ACOEM Chapter 8 Neck', 'entity.name.class.guideline', w);
  });

  for (const f of sampleFiles()) {
    it(`${path.basename(f)}: no citation scope outside guideline fields, wrapped citations stay whole`, () => {
      checkFieldScoping(tokenize(f), path.basename(f));
    });
  }
});

// ---------------------------------------------------------------------------------------------
interface IndexRow {
  caseNumber: string;
  dates: string[];
  items: number;
  upheld: number;
  overturned: number;
}

function readIndex(): Map<string, IndexRow> {
  const file = path.join(CORPUS_DIR, '2016-2017', 'index.tsv');
  const rows = new Map<string, IndexRow>();
  if (!fs.existsSync(file)) return rows;
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const col = (name: string) => head.split('\t').indexOf(name);
  for (const line of lines) {
    const c = line.split('\t');
    rows.set(c[col('n')], {
      caseNumber: c[col('Case Number')],
      dates: ['Date Assigned', 'Decision Date', 'Date of Injury', 'UR Denial Date', 'Application Received'].map((n) => c[col(n)]),
      items: Number(c[col('n_items')]),
      upheld: Number(c[col('upheld')]),
      overturned: Number(c[col('overturned')]),
    });
  }
  return rows;
}

const HEADER_LABELS = ['Case Number', 'Date Assigned', 'Decision Date', 'Priority', 'Date of Injury', 'UR Denial Date', 'Application', 'Received'];
const SECTION_HEADINGS = ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES'];

for (const kind of ['text', 'layout', 'raw'] as const) {
  describe(`2016-2017 corpus, pdftotext ${kind} extraction`, { skip: CORPUS_SKIP }, () => {
    const index = readIndex();
    const files = corpusFiles(kind);

    it('has all 130 letters', () => {
      assert.equal(files.length, 130);
    });

    for (const f of files) {
      const n = path.basename(f, '.txt');
      it(`${kind}/${n}.txt: header, headings, outcomes and fields`, () => {
        const doc = tokenize(f);
        const w = `${kind}/${n}.txt`;
        const row = index.get(n);
        assert.ok(row, `${n} missing from index.tsv`);
        const texts = (scope: string) => tokensWithScope(doc, scope).map((t) => t.text.trim());

        assert.deepEqual(new Set(texts('entity.name.tag.header-label')), new Set(HEADER_LABELS), w);
        assert.deepEqual(texts('constant.other.case-number'), [row.caseNumber], w);
        const dates = new Set(texts('constant.numeric.date'));
        for (const d of row.dates) assert.ok(dates.has(d), `${w}: header date ${d} not scoped as a date`);
        assert.deepEqual(texts('constant.language.priority'), ['Standard'], w);
        assert.deepEqual(new Set(texts('entity.name.section')), new Set(SECTION_HEADINGS), w);

        assert.equal(tokensWithScope(doc, 'markup.deleted.upheld').length, row.upheld, `${w}: Upheld count`);
        assert.equal(tokensWithScope(doc, 'markup.inserted.overturned').length, row.overturned, `${w}: Overturned count`);
        const labels = texts('keyword.other.field');
        for (const label of ['Claims Administrator guideline', 'MAXIMUS guideline', 'Decision rationale']) {
          assert.equal(labels.filter((l) => l === label).length, row.items, `${w}: ${label} labels`);
        }
        checkFieldScoping(doc, w);
      });
    }
  });
}

describe('2016-2017 corpus: specific tokens', { skip: CORPUS_SKIP }, () => {
  const letter = (kind: string, n: string) => tokenize(path.join(CORPUS_DIR, '2016-2017', kind, `${n}.txt`));

  it('text/001: header values on their own lines, sections of a wrapped citation, two-digit-year dates', () => {
    const doc = letter('text', '001');
    // The case number is read from the letter (real case numbers are not committed).
    const caseNumber = /CM\d\d-\d{7}/.exec(fs.readFileSync(path.join(CORPUS_DIR, '2016-2017', 'text', '001.txt'), 'utf8'))![0];
    expectToken(doc, caseNumber, 'constant.other.case-number', 'text/001');
    expectToken(doc, caseNumber, 'variable.other.constant.case-number', 'text/001');
    expectToken(doc, 'Application', 'entity.name.tag.header-label', 'text/001');
    expectToken(doc, 'Received', 'entity.name.tag.header-label', 'text/001');
    expectToken(doc, '11/09/2016', 'constant.numeric.date', 'text/001');
    expectToken(doc, '10-13-16', 'constant.numeric.date', 'text/001');
    expectToken(doc, 'Standard', 'constant.language.priority', 'text/001');
    expectToken(doc, 'Shoulder Complaints 2004', 'entity.name.class.guideline', 'text/001');
    expectToken(doc, 'Section(s)', 'keyword.other.section', 'text/001');
    // "Section(s):" ends one line, its section name starts the next.
    const special = expectToken(doc, 'Special Studies', 'string.unquoted.section', 'text/001');
    assert.ok(hasScope(special, 'meta.citation.mtus'));
    expectToken(doc, 'MRI of the right shoulder without contrast', 'entity.name.function.item', 'text/001');
  });

  it('layout/001: indented headings and two header columns on one line', () => {
    const doc = letter('layout', '001');
    expectToken(doc, 'HOW THE IMR FINAL DETERMINATION WAS MADE', 'entity.name.section', 'layout/001');
    const row = lineIndex(doc, /^Date Assigned:/);
    const labels = doc.tokens[row].filter((t) => hasScope(t, 'entity.name.tag.header-label')).map((t) => t.text);
    assert.deepEqual(labels, ['Date Assigned', 'Date of Injury']);
    const dates = doc.tokens[row].filter((t) => hasScope(t, 'constant.numeric.date')).map((t) => t.text);
    assert.deepEqual(dates, ['11/09/2016', '10/13/2016']);
    const app = lineIndex(doc, /Application/);
    assert.deepEqual(
      doc.tokens[app].filter((t) => hasScope(t, 'meta.header') && t.text.trim()).map((t) => [t.text, t.scopes.at(-1)]),
      [
        ['Priority', 'entity.name.tag.header-label.imr'],
        [':', 'punctuation.separator.key-value.imr'],
        ['Standard', 'constant.language.priority.imr'],
        ['Application', 'entity.name.tag.header-label.imr'],
        ['11/03/2016', 'constant.numeric.date.imr'],
      ],
    );
  });

  it('raw/001: header columns run together', () => {
    const doc = letter('raw', '001');
    const row = lineIndex(doc, /^Priority: Standard Application$/);
    assert.deepEqual(
      doc.tokens[row].filter((t) => t.text.trim()).map((t) => [t.text, t.scopes.at(-1)]),
      [
        ['Priority', 'entity.name.tag.header-label.imr'],
        [':', 'punctuation.separator.key-value.imr'],
        ['Standard', 'constant.language.priority.imr'],
        ['Application', 'entity.name.tag.header-label.imr'],
      ],
    );
  });

  it('text/008: outcome alone after a partial-authorization paragraph; numbered section names with colons', () => {
    const doc = letter('text', '008');
    const alone = lineIndex(doc, /^Upheld$/);
    assert.deepEqual(
      doc.tokens[alone].map((t) => t.scopes.at(-1)),
      ['markup.deleted.upheld.imr'],
    );
    assert.ok(hasScope(doc.tokens[alone][0], 'meta.item.outcome'));
    expectToken(doc, 'Opioids for Chronic Pain and Chronic Opioid Treatment: Initiating and Monitoring Chronic', 'string.unquoted.section', 'text/008');
    expectToken(doc, 'Opioid Treatment 2016', 'entity.name.class.guideline', 'text/008');
  });

  it('text/137: item name with inner colons; the outcome follows the last colon', () => {
    const doc = letter('text', '137');
    expectToken(doc, 'Pre-op labs: CBC', 'entity.name.function.item', 'text/137');
    const line = lineIndex(doc, /^Pre-op labs: CBC: Overturned/);
    assert.equal(doc.tokens[line].at(-1)!.text, 'Overturned');
    assert.ok(hasScope(doc.tokens[line].at(-1)!, 'markup.inserted.overturned'));
  });

  for (const kind of ['text', 'layout', 'raw']) {
    it(`${kind}/130: bare URL as a Non-MTUS citation, without its sentence period`, () => {
      const doc = letter(kind, '130');
      const url = expectToken(doc, 'http://www.drugs.com/famotidine.html', 'markup.underline.link', `${kind}/130`);
      assert.ok(hasScope(url, 'meta.citation.non-mtus'));
    });
  }

  it('text/106: "Decision based on Non-MTUS" / "Citation ..." split over two lines', () => {
    const doc = letter('text', '106');
    const first = lineIndex(doc, /Decision based on Non-MTUS$/);
    expectToken(doc, 'Non-MTUS', 'keyword.other.citation', 'text/106');
    const next = doc.tokens[first + 1];
    assert.equal(next[0].text, 'Citation');
    assert.ok(hasScope(next[0], 'keyword.other.citation') && hasScope(next[0], 'meta.citation.non-mtus'));
    expectToken(doc, 'Official Disability Guidelines (ODG)', 'entity.name.class.guideline', 'text/106');
  });

  it('text/010: the "did not cite any medical evidence" sentence across a line break', () => {
    const doc = letter('text', '010');
    const l = lineIndex(doc, /^Claims Administrator guideline: The Claims Administrator did not cite/);
    assert.ok(
      doc.tokens[l].some((t) => hasScope(t, 'comment.other.no-citation')),
      describeLine(doc, l),
    );
    assert.ok(
      doc.tokens[l + 1].every((t) => hasScope(t, 'comment.other.no-citation')),
      describeLine(doc, l + 1),
    );
    expectNoScope(doc, l + 2, 'comment.other', 'text/010');
  });
});

// ---------------------------------------------------------------------------------------------
describe('2013 notice fragment', { skip: CORPUS_SKIP }, () => {
  it('titles, inline heading, numeric and written-out dates; no outcome or citation scopes', () => {
    const doc = tokenize(FRAGMENT_PATH);
    expectToken(doc, 'MAXIMUS FEDERAL SERVICES, INC.', 'markup.heading.title', 'fragment');
    expectToken(doc, 'Notice of Independent Medical Review Determination', 'entity.name.section.title', 'fragment');
    expectToken(doc, 'INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE', 'entity.name.section', 'fragment');
    expectToken(doc, 'Medical Qualifications of the Expert Reviewer:', 'entity.name.section', 'fragment');
    expectToken(doc, 'Case Summary:', 'entity.name.section', 'fragment');
    expectToken(doc, '9/26/2013', 'constant.numeric.date', 'fragment');
    expectToken(doc, 'August 30, 2013', 'constant.numeric.date', 'fragment');
    for (const scope of ['markup.deleted', 'markup.inserted', 'meta.citation', 'meta.field']) {
      assert.equal(tokensWithScope(doc, scope).length, 0, scope);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('focused fixtures', () => {
  const fixture = (name: string) => tokenize(path.join(FIXTURES_DIR, name));

  it('citations.imr: header block, dates, wrapped MTUS and Non-MTUS citations, URLs', () => {
    const doc = fixture('citations.imr');
    const w = 'citations.imr';
    expectToken(doc, 'CM99-0000123', 'constant.other.case-number', w);
    expectToken(doc, 'Expedited', 'constant.language.priority', w);
    for (const d of ['01/03/2017', '7-4-15', '12-28-16', '05/21/2013', 'March 3, 2016', '10-13-16', '1/5/2017']) {
      expectToken(doc, d, 'constant.numeric.date', w);
    }
    // Not dates: a dosage and a page range.
    assert.equal(tokensWithText(doc, '10/325mg').length, 0, 'dosage must stay inside its prose token');
    expectToken(doc, '98-99', 'constant.numeric.page', w);
    expectToken(doc, '101', 'constant.numeric.page', w);

    expectToken(doc, 'Pre-op labs: CBC', 'entity.name.function.item', w);
    expectToken(doc, 'Oxycodone HCL ER 20mg #60 day supply: 30', 'entity.name.function.item', w);

    // "Neck and Upper Back Complaints" / "2004, Section(s): ..." — the year continues the guideline name.
    expectToken(doc, 'Neck and Upper Back Complaints', 'entity.name.class.guideline', w);
    expectToken(doc, '2004', 'entity.name.class.guideline', w);
    // Two guidelines joined with ", and"; section names with numbers and colons.
    expectToken(doc, 'Special Studies', 'string.unquoted.section', w);
    expectToken(doc, 'Opioid Treatment 2016', 'entity.name.class.guideline', w);
    expectToken(doc, '3.3.9 Opioids for', 'string.unquoted.section', w);
    expectToken(doc, 'Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment', 'string.unquoted.section', w);
    // "Decision" / "based on Non-MTUS Citation" split by a line break.
    const split = lineIndex(doc, /^based on Non-MTUS Citation Official Disability$/);
    assert.deepEqual(
      doc.tokens[split].filter((t) => t.text.trim()).map((t) => [t.text, t.scopes.at(-1)]),
      [
        ['based on', 'keyword.other.citation.imr'],
        ['Non-MTUS Citation', 'keyword.other.citation.imr'],
        ['Official Disability', 'entity.name.class.guideline.imr'],
      ],
    );
    expectToken(doc, 'Guidelines (ODG)', 'entity.name.class.guideline', w);
    const url = expectToken(doc, 'http://www.example.org/odg/pain.html', 'markup.underline.link', w);
    assert.ok(hasScope(url, 'meta.citation.non-mtus'));
    expectToken(doc, 'www.example.org', 'markup.underline.link', w);
    // "Non-MTUS" / "Citation" split by a line break.
    const cit = lineIndex(doc, /^Citation www\.example\.org\.$/);
    assert.ok(hasScope(doc.tokens[cit][0], 'keyword.other.citation'), describeLine(doc, cit));

    expectToken(doc, 'The Claims Administrator did not', 'comment.other.no-citation', w);
    expectToken(doc, 'for its decision', 'comment.other.no-citation', w);
    expectToken(doc, 'recommendation(s) outside of the MTUS Guidelines', 'comment.other.outside-mtus', w);

    // Item name filling its line, outcome alone on the next one.
    const alone = lineIndex(doc, /^Overturned$/);
    assert.ok(hasScope(doc.tokens[alone][0], 'markup.inserted.overturned'));

    // A citation with no final period (field ends at the next label) does not leak into the rationale.
    const rationale = lineIndex(doc, /^Decision rationale: The request is medically necessary/);
    assert.ok(hasScope(doc.tokens[rationale - 1].at(-1)!, 'meta.citation.non-mtus'), 'the unterminated citation runs to its field end');
    expectToken(doc, 'Decision rationale', 'keyword.other.field.rationale', w);
    for (const line of [rationale, rationale + 1]) {
      for (const scope of CITATION_LIKE) expectNoScope(doc, line, scope, w);
    }
    checkFieldScoping(doc, w);
  });

  it('leakage.imr: broken or missing fields never spread a citation scope', () => {
    const doc = fixture('leakage.imr');
    const w = 'leakage.imr';
    const clean = (from: RegExp, count: number) => {
      const start = lineIndex(doc, from);
      for (let i = start; i < start + count; i++) for (const scope of CITATION_LIKE) expectNoScope(doc, i, scope, w);
      return start;
    };
    // 1. Section list without final period, then the rationale label.
    const r1 = clean(/^Decision rationale: Body line one/, 3);
    assert.equal(doc.tokens[r1][0].text, 'Decision rationale');
    assert.ok(hasScope(doc.tokens[r1][0], 'keyword.other.field.rationale'));
    assert.ok(hasScope(doc.tokens[r1 - 1][0], 'string.unquoted.section'), describeLine(doc, r1 - 1));
    // "Decision based on" / "Section(s)" inside prose are not citation syntax.
    assert.ok(!tokensWithScope(doc, 'keyword.other.section').some((t) => t.line === r1 + 1));
    // 2. Rationale label missing: the citation ends at its closing period ("Harris J." is an initial, not the end).
    const harris = lineIndex(doc, /Harris J\. Occupational medicine$/);
    assert.ok(
      doc.tokens[harris + 1].every((t) => hasScope(t, 'meta.citation.non-mtus')),
      describeLine(doc, harris + 1),
    );
    clean(/^The rationale body continues here/, 2);
    // 3. Field cut short after ", and": the label that follows still wins.
    clean(/^Decision rationale: The rationale follows/, 2);
    const prose = lineIndex(doc, /^Claims Administrator\. This line/);
    assert.equal(tokensWithScope(doc, 'keyword.other.field').filter((t) => t.line === prose).length, 0);
    // Outcome alone after an item name ending in a colon.
    const alone = lineIndex(doc, /^Overturned$/);
    assert.ok(hasScope(doc.tokens[alone][0], 'markup.inserted.overturned'));
  });

  it('headings.imr: older and other layouts, long headings broken over two lines', () => {
    const doc = fixture('headings.imr');
    const w = 'headings.imr';
    for (const t of ['MAXIMUS FEDERAL SERVICES, INC.', 'Independent Medical Review', 'MEDICAL PROFESSIONAL REVIEW']) {
      expectToken(doc, t, 'markup.heading.title', w);
    }
    for (const h of [
      'HOW THE IMR FINAL DETERMINATION WAS MADE',
      'DOCUMENTS REVIEWED',
      'CLINICAL CASE SUMMARY',
      'IMR DECISION(S) AND RATIONALE(S)',
      'ISSUE AT DISPUTE:',
      'CASE SUMMARY:',
      'DOCUMENTS REVIEWED FOR DETERMINATION:',
      'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY',
      'PROFESSIONAL REVIEWER AND WHY:',
      'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT',
      'MEDICALLY NECESSARY:',
      'MEDICAL REVIEWER QUALIFICATIONS:',
      'Clinical case summary',
    ]) {
      expectToken(doc, h, 'entity.name.section', w);
      expectToken(doc, h, 'markup.heading.section', w);
    }
    const prose = lineIndex(doc, /^The words CLINICAL CASE SUMMARY inside/);
    expectNoScope(doc, prose, 'markup.heading', w);
  });
});

// ---------------------------------------------------------------------------------------------
describe('outcomes', () => {
  it('Upheld and Overturned get different scopes, from different theme-coloured families', () => {
    const docs = [...sampleFiles(), path.join(FIXTURES_DIR, 'citations.imr'), path.join(FIXTURES_DIR, 'leakage.imr')].map(tokenize);
    const innermost = (word: string) =>
      new Set(
        docs
          .flatMap((d) => tokensWithText(d, word))
          .filter((t) => hasScope(t, 'meta.item'))
          .map((t) => t.scopes.at(-1)),
      );
    const upheld = innermost('Upheld');
    const overturned = innermost('Overturned');
    assert.deepEqual(upheld, new Set(['markup.deleted.upheld.imr']));
    assert.deepEqual(overturned, new Set(['markup.inserted.overturned.imr']));
  });

  // Foreground colours of VS Code's built-in Dark+ / Light+ themes for the scope families this grammar uses
  // (values from microsoft/vscode extensions/theme-defaults/themes/{dark_vs,dark_plus,light_vs,light_plus}.json).
  const THEMES: Record<string, { fg: string; rules: Array<[string, string, number?]> }> = {
    'Dark+': {
      fg: '#D4D4D4',
      rules: [
        ['markup.heading', '#569CD6', 2],
        ['markup.inserted', '#B5CEA8'],
        ['markup.deleted', '#CE9178'],
        ['markup.underline', '', 4],
        ['comment', '#608B4E'],
        ['constant.language', '#569CD6'],
        ['constant.numeric', '#B5CEA8'],
        ['entity.name.tag', '#569CD6'],
        ['keyword', '#569CD6'],
        ['string', '#CE9178'],
        ['entity.name.function', '#DCDCAA'],
        ['entity.name.class', '#4EC9B0'],
        ['variable', '#9CDCFE'],
      ],
    },
    'Light+': {
      fg: '#000000',
      rules: [
        ['markup.heading', '#800000', 2],
        ['markup.inserted', '#098658'],
        ['markup.deleted', '#A31515'],
        ['markup.underline', '', 4],
        ['comment', '#008000'],
        ['constant.language', '#0000FF'],
        ['constant.numeric', '#098658'],
        ['entity.name.tag', '#800000'],
        ['keyword', '#0000FF'],
        ['string', '#A31515'],
        ['entity.name.function', '#795E26'],
        ['entity.name.class', '#267F99'],
        ['variable', '#001080'],
      ],
    },
  };

  for (const [themeName, theme] of Object.entries(THEMES)) {
    it(`every highlighted element is coloured in ${themeName}, Upheld and Overturned differently`, async () => {
      const rawTheme: vsctm.IRawTheme = {
        name: themeName,
        settings: [
          { settings: { foreground: theme.fg, background: '#808080' } },
          ...theme.rules.map(([scope, foreground, fontStyle]) => ({
            scope,
            settings: {
              ...(foreground ? { foreground } : {}),
              ...(fontStyle === 2 ? { fontStyle: 'bold' } : fontStyle === 4 ? { fontStyle: 'underline' } : {}),
            },
          })),
        ],
      };
      const { grammar: themed, registry } = await loadGrammar(rawTheme);
      const colorMap = registry.getColorMap();
      const text = fs.readFileSync(path.join(FIXTURES_DIR, 'citations.imr'), 'utf8');
      const lines = text.split('\n');
      const style = new Map<string, { fg: string; fontStyle: number }>();
      let state = vsctm.INITIAL;
      for (const line of lines) {
        const r = themed.tokenizeLine2(line, state);
        for (let i = 0; i < r.tokens.length; i += 2) {
          const start = r.tokens[i];
          const end = i + 2 < r.tokens.length ? r.tokens[i + 2] : line.length;
          const meta = r.tokens[i + 1];
          const fg = colorMap[(meta & 0b00000000111111111000000000000000) >>> 15]?.toUpperCase();
          const fontStyle = (meta & 0b00000000000000000111100000000000) >>> 11;
          // tokenizeLine2 merges neighbours of equal style, so keys are the merged texts.
          style.set(line.slice(start, end).trim(), { fg, fontStyle });
        }
        state = r.ruleStack;
      }
      const coloured = (tokenText: string) => {
        const s = style.get(tokenText);
        assert.ok(s, `no token ${JSON.stringify(tokenText)}`);
        assert.notEqual(s.fg, theme.fg, `${themeName}: ${JSON.stringify(tokenText)} has the default colour`);
        return s.fg;
      };
      for (const t of [
        'HOW THE IMR FINAL DETERMINATION WAS MADE',
        'Case Number',
        'CM99-0000123',
        '01/03/2017',
        'Expedited',
        'Pre-op labs: CBC',
        'Claims Administrator guideline',
        'Decision rationale',
        'Decision based on',
        'Opioid Treatment 2016',
        'Section(s)',
        'Special Studies',
        'Page(s)',
        '98-99',
        'for its decision.',
      ]) {
        coloured(t);
      }
      assert.notEqual(coloured('Upheld'), coloured('Overturned'), `${themeName}: Upheld and Overturned share a colour`);
      assert.equal(style.get('http://www.example.org/odg/pain.html')?.fontStyle, 4, `${themeName}: links are underlined`);
      assert.equal(style.get('CLINICAL CASE SUMMARY')?.fontStyle, 2, `${themeName}: headings are bold`);
    });

    it(`brackets in item names keep the item colour in ${themeName}, as string tokens that bracket pair colourization skips`, async () => {
      const rawTheme: vsctm.IRawTheme = {
        name: themeName,
        settings: [
          { settings: { foreground: theme.fg, background: '#808080' } },
          ...theme.rules.map(([scope, foreground]) => ({ scope, settings: foreground ? { foreground } : {} })),
        ],
      };
      const { grammar: themed, registry } = await loadGrammar(rawTheme);
      const colorMap = registry.getColorMap();
      const itemColour = theme.rules.find(([scope]) => scope === 'entity.name.function')![1];
      for (const line of ['Eight (8) physical therapy sessions (2x4), cervical and lumbar spine:  Overturned', 'Norco [hydrocodone] {10/325}: Upheld']) {
        const name = line.slice(0, line.lastIndexOf(':'));
        const r = themed.tokenizeLine2(line, vsctm.INITIAL);
        let brackets = 0;
        for (let i = 0; i < r.tokens.length; i += 2) {
          const start = r.tokens[i];
          if (start >= name.length) break;
          const end = Math.min(i + 2 < r.tokens.length ? r.tokens[i + 2] : line.length, name.length);
          const meta = r.tokens[i + 1];
          const text = line.slice(start, end);
          const fg = colorMap[(meta & 0b00000000111111111000000000000000) >>> 15]?.toUpperCase();
          // Standard token type (bits 8-9): 0 other, 1 comment, 2 string. VS Code colours brackets only in "other" tokens.
          const tokenType = (meta & 0b00000000000000000000001100000000) >>> 8;
          assert.equal(fg, itemColour, `${themeName}: ${JSON.stringify(text)} in ${JSON.stringify(name)}`);
          if (/[()[\]{}]/.test(text)) {
            assert.ok(/^[()[\]{}]+$/.test(text), `bracket token ${JSON.stringify(text)} holds only brackets`);
            assert.equal(tokenType, 2, `${JSON.stringify(text)} is a string token`);
            brackets += text.length;
          } else {
            assert.equal(tokenType, 0, `${JSON.stringify(text)} stays an "other" token`);
          }
        }
        assert.equal(brackets, (name.match(/[()[\]{}]/g) ?? []).length, name);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('robustness', () => {
  it('tokenizes every letter of every layout without error', () => {
    const files = [
      ...sampleFiles(),
      ...fs.readdirSync(FIXTURES_DIR).map((f) => path.join(FIXTURES_DIR, f)),
      ...(CORPUS_SKIP ? [] : [...corpusFiles('text'), ...corpusFiles('layout'), ...corpusFiles('raw'), FRAGMENT_PATH]),
    ];
    if (CORPUS_SKIP) console.warn(`[grammar tests] robustness: corpus letters skipped — ${CORPUS_MISSING_MESSAGE}`);
    for (const f of files) {
      const doc = tokenize(f);
      assert.equal(doc.tokens.length, doc.lines.length, f);
    }
  });

  it('handles CRLF and lone CR line breaks like LF', () => {
    const text = fs.readFileSync(path.join(FIXTURES_DIR, 'citations.imr'), 'utf8');
    const lf = tokenizeText(grammar, text);
    for (const eol of ['\r\n', '\r']) {
      const other = tokenizeText(grammar, text.replace(/\n/g, eol));
      assert.deepEqual(
        other.tokens.map((l) => l.map((t) => [t.text, t.scopes])),
        lf.tokens.map((l) => l.map((t) => [t.text, t.scopes])),
      );
    }
  });

  // Pathological 200,000-character lines for every kind of rule (anchored, begin/end, captures,
  // alternations). Times are reported, not asserted: the test only has to finish (its timeout catches
  // catastrophic backtracking, which would take minutes to hours at this length).
  const N = 200_000;
  const rep = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
  const LONG_LINES: Record<string, string> = {
    spaces: ' '.repeat(N),
    'spaces then a word': ' '.repeat(N - 1) + 'x',
    'prose with dates': rep('The injured worker was evaluated on 10-19-16 for complaints of neck pain. '),
    colons: rep('a: '),
    'colons and outcomes': rep('a: Upheld '),
    'item header': 'x'.repeat(N - 8) + ': Upheld',
    'item header full of dates': rep('05/21/2013 ').slice(0, N - 8) + ': Upheld',
    periods: '.'.repeat(N),
    'digits and slashes': rep('1/2/'),
    'digits and dashes': rep('12-'),
    'url of dots': 'http://' + '.'.repeat(N),
    'repeated schemes': rep('http://'),
    citations: rep('Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, '),
    'guideline words': rep('Chronic Pain, and '),
    'header labels': 'Case Number: ' + rep('CM99-0000037 Date of Injury: '),
    'section commas': 'Decision based on MTUS Low Back Complaints 2004, Section(s): ' + rep(',, '),
    'page list': 'Decision based on MTUS Chronic Pain Page(s): ' + rep('98-99, '),
    'page references': 'Decision based on MTUS x ' + rep('p.1-2-3-4-5-6-7-8 '),
    headings: rep('HOW THE IMR '),
    'field label then lead-ins': 'MAXIMUS guideline: ' + rep('based on MTUS '),
  };
  it('tokenizes 200,000-character lines in reasonable time (measured)', { timeout: 300_000 }, (t) => {
    const report: string[] = [];
    for (const [name, line] of Object.entries(LONG_LINES)) {
      assert.equal(line.length >= N - 1, true);
      for (const context of ['top level', 'inside a citation']) {
        let state = vsctm.INITIAL;
        if (context !== 'top level') state = grammar.tokenizeLine('MAXIMUS guideline: Decision based on MTUS x', state).ruleStack;
        const t0 = performance.now();
        const r = grammar.tokenizeLine(line, state);
        const ms = performance.now() - t0;
        assert.equal(r.stoppedEarly, false);
        assert.ok(r.tokens.length >= 1);
        report.push(`${name} (${context}): ${ms.toFixed(0)} ms, ${r.tokens.length} tokens`);
      }
    }
    t.diagnostic(report.join('\n'));
  });
});

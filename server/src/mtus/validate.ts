// User knowledge-base files (the `imr.knowledgeBaseFile` setting), checked entry by entry
// before they are merged: every problem comes back with the JSON path of the bad value, and
// an entry with a problem is left out. Guidelines and topics are checked by one table-driven
// checker; each table lists an entry's fields in the order their problems are reported.
import { parsePageRanges } from './names';
import type { Confidence, KbData, KbGuideline, KbPages, KbTopic, KbValidationError } from './types';

const CONFIDENCE = new Set(['high', 'medium', 'low']);
const ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly errors: KbValidationError[] = [];
  err(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  str(o: Record<string, unknown>, key: string, path: string, required: boolean, allowEmpty = true): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.err(`${path}.${key}`, 'is required (a string)');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.err(`${path}.${key}`, `must be a string, not ${describe(v)}`);
      return undefined;
    }
    if (!allowEmpty && v.trim() === '') {
      this.err(`${path}.${key}`, 'must not be empty');
      return undefined;
    }
    return v;
  }
  strArray(o: Record<string, unknown>, key: string, path: string): string[] | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.err(`${path}.${key}`, `must be an array of strings, not ${describe(v)}`);
      return undefined;
    }
    const out: string[] = [];
    v.forEach((x, i) => {
      if (typeof x !== 'string') this.err(`${path}.${key}[${i}]`, `must be a string, not ${describe(x)}`);
      else out.push(x);
    });
    return out;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function checkPages(c: Checker, v: unknown, path: string, guidelineIds: Set<string> | null): KbPages | null {
  if (!isObj(v)) {
    c.err(path, `must be an object like {"guideline": "cpmtg-2009", "pages": "98-99", "confidence": "low", "verified": false}, not ${describe(v)}`);
    return null;
  }
  const before = c.errors.length;
  const guideline = c.str(v, 'guideline', path, true, false);
  if (guideline && guidelineIds && !guidelineIds.has(guideline)) c.err(`${path}.guideline`, `names no known guideline: "${guideline}"`);
  const pages = c.str(v, 'pages', path, true, false);
  if (pages !== undefined && parsePageRanges(pages).length !== pages.split(/[;,]/).filter((p) => p.trim()).length) {
    c.err(`${path}.pages`, `must be pages like "98-99" or "18-19; 49", not "${pages}"`);
  }
  const confidence = c.str(v, 'confidence', path, true);
  if (confidence !== undefined && !CONFIDENCE.has(confidence)) c.err(`${path}.confidence`, `must be "high", "medium" or "low", not "${confidence}"`);
  const verified = v.verified;
  if (verified !== undefined && typeof verified !== 'boolean') c.err(`${path}.verified`, `must be true or false, not ${describe(verified)}`);
  if (verified === true && confidence !== 'high') c.err(`${path}.verified`, 'can be true only with confidence "high" (the page was seen in a cited source)');
  const basis = c.str(v, 'basis', path, false);
  const urls = c.strArray(v, 'source_urls', path);
  if (verified === true && (!urls || urls.length === 0)) c.err(`${path}.source_urls`, 'a verified page needs at least one source URL');
  if (c.errors.length > before) return null;
  return {
    guideline: guideline!,
    pages: pages!,
    confidence: confidence as Confidence,
    verified: verified === true,
    basis: basis ?? 'added by the user (no source given)',
    source_urls: urls ?? [],
  };
}

/** What a field's check knows of the entry it is in. */
interface EntryContext {
  id: string | undefined;
  /** The id is not in the bundled data: the entry adds one rather than correcting one. */
  isNew: boolean;
  /** Guideline ids a topic or a page may name: the bundled ones and those the file adds. */
  guidelineIds: Set<string>;
}

/** One field of an entry: its check returns the value to keep, or undefined when not given (or bad). */
interface FieldRule {
  key: string;
  check(c: Checker, o: Record<string, unknown>, path: string, ctx: EntryContext): unknown;
}

interface EntryTable {
  /** Ids of the bundled entries of this kind. */
  known: (base: KbData) => Set<string>;
  /** Shown after the id's rule in its message. */
  idExample: string;
  fields: FieldRule[];
}

const text = (key: string, requiredIfNew = false): FieldRule => ({
  key,
  check: (c, o, path, ctx) => c.str(o, key, path, requiredIfNew && ctx.isNew, !requiredIfNew),
});

const strings = (key: string, more?: (c: Checker, list: string[] | undefined, path: string, ctx: EntryContext) => void): FieldRule => ({
  key,
  check(c, o, path, ctx) {
    const list = c.strArray(o, key, path);
    more?.(c, list, `${path}.${key}`, ctx);
    return list;
  },
});

const neededWhenNew = (message: string) => (c: Checker, list: string[] | undefined, path: string, ctx: EntryContext) => {
  if (ctx.isNew && (!list || list.length === 0)) c.err(path, message);
};

const matching = (re: RegExp, what: string) => (c: Checker, list: string[] | undefined, path: string) => {
  list?.forEach((x, j) => {
    if (!re.test(x)) c.err(`${path}[${j}]`, `must be ${what}, not "${x}"`);
  });
};

const isoDateOrNull = (key: string): FieldRule => ({
  key,
  check(c, o, path) {
    const v = o[key];
    if (v !== undefined && v !== null && (typeof v !== 'string' || !DATE_RE.test(v)))
      c.err(`${path}.${key}`, `must be a date "YYYY-MM-DD" or null, not ${describe(v)}`);
    return v;
  },
});

/** Confidence and sources: every guideline and topic has them. */
const COMMON_FIELDS: FieldRule[] = [
  {
    key: 'confidence',
    check(c, o, path) {
      const confidence = c.str(o, 'confidence', path, false);
      if (confidence !== undefined && !CONFIDENCE.has(confidence)) c.err(`${path}.confidence`, `must be "high", "medium" or "low", not "${confidence}"`);
      return confidence;
    },
  },
  text('confidenceBasis'),
  text('source'),
  strings('source_urls'),
];

const GUIDELINE_TABLE: EntryTable = {
  known: (base) => new Set(base.guidelines.map((g) => g.id)),
  idExample: ' (like "acoem-2004-ch12")',
  fields: [
    text('title', true),
    strings('aliases', neededWhenNew('a new guideline needs at least one alias (the name as letters write it)')),
    strings('citeAs'),
    {
      key: 'edition',
      check(c, o, path) {
        const edition = c.str(o, 'edition', path, false);
        if (edition !== undefined && edition !== '' && !/^(19|20)\d\d$/.test(edition)) c.err(`${path}.edition`, `must be a year like "2016", not "${edition}"`);
        return edition;
      },
    },
    text('family'),
    text('about'),
    text('regulation'),
    isoDateOrNull('effectiveFrom'),
    isoDateOrNull('effectiveTo'),
    {
      key: 'chapters',
      check(c, o, path) {
        const v = o.chapters;
        if (v === undefined) return undefined;
        if (!Array.isArray(v) || v.some((n) => typeof n !== 'number' || !Number.isInteger(n))) c.err(`${path}.chapters`, 'must be an array of chapter numbers');
        else return v as number[];
        return undefined;
      },
    },
    {
      key: 'pageRange',
      check(c, o, path, ctx) {
        const v = o.pageRange;
        if (v === null) return null;
        if (v === undefined) return undefined;
        return checkPages(c, { guideline: ctx.id ?? '', ...(v as object) }, `${path}.pageRange`, null) ?? undefined;
      },
    },
    ...COMMON_FIELDS,
  ],
};

const TOPIC_TABLE: EntryTable = {
  known: (base) => new Set(base.topics.map((t) => t.id)),
  idExample: '',
  fields: [
    text('title', true),
    strings('guidelines', (c, list, path, ctx) => {
      neededWhenNew('a new topic needs the id(s) of the guideline(s) it belongs to')(c, list, path, ctx);
      list?.forEach((gid, j) => {
        if (!ctx.guidelineIds.has(gid)) c.err(`${path}[${j}]`, `names no known guideline: "${gid}"`);
      });
    }),
    strings('aliases'),
    strings('citeAs'),
    strings('keywords'),
    strings('tables', matching(/^\d{1,2}-\d{1,2}$/, 'a table number like "12-8"')),
    text('summary'),
    {
      key: 'pages',
      check(c, o, path, ctx) {
        const v = o.pages;
        if (v === undefined) return undefined;
        if (!Array.isArray(v)) {
          c.err(`${path}.pages`, `must be an array of page entries, not ${describe(v)}`);
          return undefined;
        }
        const pages: KbPages[] = [];
        v.forEach((p, j) => {
          const ok = checkPages(c, p, `${path}.pages[${j}]`, ctx.guidelineIds);
          if (ok) pages.push(ok);
        });
        return pages;
      },
    },
    ...COMMON_FIELDS,
  ],
};

/** One entry checked against its table: the fields given, or null when any of them is bad. */
function checkEntry(
  c: Checker,
  table: EntryTable,
  known: Set<string>,
  entry: unknown,
  path: string,
  guidelineIds: Set<string>,
): Record<string, unknown> | null {
  if (!isObj(entry)) {
    c.err(path, `must be an object, not ${describe(entry)}`);
    return null;
  }
  const before = c.errors.length;
  const id = c.str(entry, 'id', path, true, false);
  if (id !== undefined && !ID_RE.test(id)) c.err(`${path}.id`, `must be lowercase letters, digits, '.', '_' or '-'${table.idExample}, not "${id}"`);
  const ctx: EntryContext = { id, isNew: id !== undefined && !known.has(id), guidelineIds };
  const out: Record<string, unknown> = { id };
  for (const field of table.fields) {
    const value = field.check(c, entry, path, ctx);
    if (value !== undefined) out[field.key] = value;
  }
  return c.errors.length > before ? null : out;
}

export interface ValidatedUserData {
  guidelines: Partial<KbGuideline>[];
  topics: Partial<KbTopic>[];
}

/**
 * Validates a user knowledge-base file (the JSON value, already parsed) against the bundled
 * data `base`. The file has the shape `{ "guidelines": [...], "topics": [...] }`; an entry
 * whose `id` is already known corrects that entry (only the fields given change), a new `id`
 * adds one. Returns every problem with the JSON path of the bad value; entries with problems
 * are left out.
 */
export function validateUserKnowledgeBase(value: unknown, base: KbData): { data: ValidatedUserData; errors: KbValidationError[] } {
  const c = new Checker();
  const data: ValidatedUserData = { guidelines: [], topics: [] };
  if (!isObj(value)) {
    c.err('$', `must be a JSON object with "guidelines" and/or "topics" arrays, not ${describe(value)}`);
    return { data, errors: c.errors };
  }
  for (const key of Object.keys(value)) {
    if (!['guidelines', 'topics', 'version', '$schema', '$comment', 'sources'].includes(key))
      c.err(key, 'is not a known key (expected "guidelines" and/or "topics")');
  }
  if (value.guidelines !== undefined && !Array.isArray(value.guidelines)) c.err('guidelines', `must be an array, not ${describe(value.guidelines)}`);
  if (value.topics !== undefined && !Array.isArray(value.topics)) c.err('topics', `must be an array, not ${describe(value.topics)}`);
  const guidelines = Array.isArray(value.guidelines) ? value.guidelines : [];
  const topics = Array.isArray(value.topics) ? value.topics : [];
  const knownGuidelines = GUIDELINE_TABLE.known(base);
  // Guideline ids first, so that topics and pages may name guidelines added by the same file.
  const guidelineIds = new Set(knownGuidelines);
  for (const g of guidelines) if (isObj(g) && typeof g.id === 'string' && ID_RE.test(g.id)) guidelineIds.add(g.id);
  guidelines.forEach((g, i) => {
    const out = checkEntry(c, GUIDELINE_TABLE, knownGuidelines, g, `guidelines[${i}]`, guidelineIds);
    if (out) data.guidelines.push(out as Partial<KbGuideline>);
  });
  const knownTopics = TOPIC_TABLE.known(base);
  topics.forEach((t, i) => {
    const out = checkEntry(c, TOPIC_TABLE, knownTopics, t, `topics[${i}]`, guidelineIds);
    if (out) data.topics.push(out as Partial<KbTopic>);
  });
  return { data, errors: c.errors };
}

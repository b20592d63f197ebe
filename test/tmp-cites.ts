import { parseDetermination } from '../server/src/model/parser';
import { defaultKnowledgeBase } from '../server/src/mtus/knowledgeBase';
import { corpusLetters } from './helpers/corpus';
const kb = defaultKnowledgeBase();
const c = new Map<string, number>();
for (const l of corpusLetters()) {
  if (l.layout !== 'text' && l.layout !== '2014-2015') continue;
  const m = parseDetermination(l.text, kb);
  for (const it of m.items) {
    if (!it.request) continue;
    for (const f of [it.fields.maximusGuideline]) for (const ct of f?.citations ?? []) {
      if (ct.kind !== 'mtus') continue;
      const gid = ct.guideline?.guidelineId;
      const ts = ct.sections.map((s) => kb.findSection(gid, s.text)?.id ?? '?' + s.text);
      if (ct.topic) ts.push('T:' + (kb.findSection(gid, ct.topic.text)?.id ?? '?' + ct.topic.text));
      for (const p of ct.pages) for (const h of kb.topicsForPage(gid!, p.first, p.last).slice(0,1)) ts.push('P:' + h.topic.id);
      const k = gid + ' ' + ts.join(',');
      c.set(k, (c.get(k) ?? 0) + 1);
    }
  }
}
for (const [k, n] of [...c].sort((a, b) => b[1] - a[1])) console.log(n, k);

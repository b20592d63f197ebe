// rationale-about-other-item: an item's rationale is another item's: its concluding sentence
// names another item of the letter and not its own, or its text is another item's rationale
// word for word. The usual slip of a letter drafted from earlier ones (a rationale pasted
// under the wrong item).
import type { DisputedItem, TextPart } from '../model/types';
import { concludingSentence } from '../parse/conclusion';
import { JoinedText } from '../parse/joinedText';
import { TextMemo } from '../util/textMemo';
import type { Rule, RuleContext } from './rule';

/** Letters and digits only, one space between words, padded so that a search matches whole words. */
const comparable = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
/** Shorter names (`PT`, `MRI`) are found in too many sentences to say which item a sentence is about. */
const MIN_NAME = 8;
/** A rationale this short (`See above.`) may well be shared on purpose. */
const MIN_SHARED_RATIONALE = 80;

/** A rationale's text and concluding sentence, `comparable`; read once per rationale text, not per version. */
const readRationales = new TextMemo<{ text: string; concluding: { sentence: string; start: number; end: number } | null }>();

function rationaleOf(value: TextPart) {
  return readRationales.get(value.text, (text) => {
    const at = concludingSentence(text);
    return { text: comparable(text), concluding: at ? { sentence: comparable(text.slice(at.start, at.end)), ...at } : null };
  });
}

function where(model: RuleContext['model'], item: DisputedItem) {
  return { span: item.name.span, message: `'${item.name.text}' (line ${model.lines.positionAt(item.name.span.start).line + 1})` };
}

/** Two names where one holds the other (`Norco` and `Norco 10/325mg #60`) cannot tell their items apart. */
const overlaps = (a: string, b: string) => a.includes(b) || b.includes(a);

/** Whether `text` names the item called `other` and not the one called `own` (both `comparable`). */
const namesOnly = (text: string, other: string, own: string) =>
  own.trim().length > 0 && other.trim().length >= MIN_NAME && !overlaps(other, own) && text.includes(other) && !text.includes(own);

export const rationaleAboutOtherItem: Rule = {
  code: 'rationale-about-other-item',
  defaultSeverity: 'warning',
  description: "An item's rationale concludes about another item of the letter, or repeats another item's rationale word for word.",
  scope: 'letter',
  check({ model, report }) {
    const names = model.items.map((i) => comparable(i.name.text));
    // Where each rationale (as joined) is first given: a pasted one is the same text.
    const firstWith = new Map<string, number>();
    model.items.forEach((item, k) => {
      const field = item.fields.decisionRationale;
      if (!field || !field.value.text) return;
      const text = field.value.text;
      const first = firstWith.get(text);
      if (first === undefined) firstWith.set(text, k);
      // Letters share one rationale among items on purpose (every service of a surgery not certified):
      // the same text is a slip only when it names the other item and not this one.
      const rationale = rationaleOf(field.value);
      if (first !== undefined && text.length >= MIN_SHARED_RATIONALE && namesOnly(rationale.text, names[first], names[k])) {
        const other = model.items[first];
        report({
          span: field.value.span,
          message: `The rationale of '${item.name.text}' is word for word the rationale of '${other.name.text}'.`,
          related: [where(model, other)],
        });
        return;
      }
      const at = rationale.concluding;
      if (!at) return;
      const named = model.items.filter((_, j) => j !== k && namesOnly(at.sentence, names[j], names[k]));
      if (named.length === 0) return;
      report({
        span: new JoinedText(model.text, field.value.span).span(at.start, at.end),
        message: `The rationale of '${item.name.text}' concludes about ${named.map((i) => `'${i.name.text}'`).join(' and ')}, not about its own item.`,
        related: named.map((i) => where(model, i)),
      });
    });
  },
};

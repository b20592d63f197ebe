// rationale-about-other-item: an item's rationale is another item's: its concluding sentence
// names another item of the letter and not its own, or its text is another item's rationale
// word for word. The usual slip of a letter drafted from earlier ones (a rationale pasted
// under the wrong item).
import type { DisputedItem } from '../model/types';
import { concludingSentence } from '../parse/conclusion';
import { JoinedText } from '../parse/joinedText';
import type { Rule, RuleContext } from './rule';

/** Letters and digits only, one space between words, padded so that a search matches whole words. */
const comparable = (s: string) => ` ${s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
/** Shorter names (`PT`, `MRI`) are found in too many sentences to say which item a sentence is about. */
const MIN_NAME = 8;
/** A rationale this short (`See above.`) may well be shared on purpose. */
const MIN_SHARED_RATIONALE = 80;

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
    const rationales = model.items.map((i) => comparable(i.fields.decisionRationale?.value.text ?? ''));
    model.items.forEach((item, k) => {
      const field = item.fields.decisionRationale;
      if (!field || !field.value.text) return;
      // Letters share one rationale among items on purpose (every service of a surgery not certified):
      // the same text is a slip only when it names the other item and not this one.
      const copied = rationales.findIndex(
        (r, j) => j < k && r.length >= MIN_SHARED_RATIONALE && r === rationales[k] && namesOnly(r, names[j], names[k]),
      );
      if (copied >= 0) {
        const other = model.items[copied];
        report({ span: field.value.span, message: `The rationale of '${item.name.text}' is word for word the rationale of '${other.name.text}'.`, related: [where(model, other)] });
        return;
      }
      const joined = new JoinedText(model.text, field.value.span);
      const at = concludingSentence(joined.text);
      if (!at) return;
      const sentence = comparable(joined.text.slice(at.start, at.end));
      const named = model.items.filter((_, j) => j !== k && namesOnly(sentence, names[j], names[k]));
      if (named.length === 0) return;
      report({
        span: joined.span(at.start, at.end),
        message: `The rationale of '${item.name.text}' concludes about ${named.map((i) => `'${i.name.text}'`).join(' and ')}, not about its own item.`,
        related: named.map((i) => where(model, i)),
      });
    });
  },
};

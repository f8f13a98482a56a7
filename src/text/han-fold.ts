/**
 * Folds traditional Chinese characters to simplified ones, so that a topic written `奧運` and a
 * product titled `奥运` share their terms. The table is OpenCC's (Taiwan variants to standard
 * traditional, then traditional to simplified), taken character by character: a folded term
 * only has to be the same on both sides of a match, and a per-character table is cheap enough
 * for every product text of an index. A character that is itself a simplified form never
 * changes, so simplified text comes back as it is, except for the few traditional characters
 * simplified text also uses in some words (著名 folds to 着名, as the traditional 著名 does).
 */
import { Locale } from 'opencc-js/t2cn';

/** Code point -> its simplified form, built on first use (about 3,200 entries). */
let table: Map<number, string> | undefined;

/** The single-character entries (`key value`, `|`-separated) of the OpenCC dictionaries of a stage. */
function characterEntries(stage: readonly (readonly unknown[])[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of stage ?? []) {
    for (const dict of group) {
      if (typeof dict !== 'string') continue;
      for (const entry of dict.split('|')) {
        const [key, value] = entry.split(' ');
        if (key === undefined || value === undefined || [...key].length !== 1 || [...value].length !== 1) continue;
        out.set(key, value);
      }
    }
  }
  return out;
}

function buildTable(): Map<number, string> {
  const variants = characterEntries(Locale.from.tw);
  const simplify = characterEntries(Locale.to.cn);
  const simplifiedForms = new Set(simplify.values());
  const out = new Map<number, string>();
  for (const key of new Set([...variants.keys(), ...simplify.keys()])) {
    if (simplifiedForms.has(key)) continue;
    const standard = variants.get(key) ?? key;
    const folded = simplify.get(standard) ?? standard;
    if (folded !== key) out.set(key.codePointAt(0)!, folded);
  }
  return out;
}

/**
 * `text` with every traditional Chinese character written in its simplified form. Returns the
 * same string when nothing changes (text without traditional characters costs one scan).
 *
 * @example foldTraditional('巴黎重現2008北京奧運會背包') // '巴黎重现2008北京奥运会背包'
 */
export function foldTraditional(text: string): string {
  let out: string[] | undefined;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Han characters start at U+3400: below it one comparison, from it one table lookup.
    if (c < 0x3400) continue;
    const cp = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    table ??= buildTable();
    const folded = table.get(cp);
    const width = cp > 0xffff ? 2 : 1;
    if (folded !== undefined) {
      out ??= [];
      out.push(text.slice(copied, i), folded);
      copied = i + width;
    }
    i += width - 1;
  }
  if (out === undefined) return text;
  out.push(text.slice(copied));
  return out.join('');
}

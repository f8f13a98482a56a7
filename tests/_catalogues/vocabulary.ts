/**
 * Title vocabulary of the test catalogues: five categories, each with its own title language
 * (Chinese only, English only, or both), written for these catalogues and unrelated to the
 * marketplace generator's words (src/simulation/marketplace/vocabulary.ts).
 */

/** How a category's product titles are written. */
export type TitleLanguage = 'zh' | 'en' | 'mixed';

/** One kind of product: its Chinese and English names and its tags. */
export interface Goods {
  readonly zh: string;
  readonly en: string;
  readonly tags: readonly string[];
}

/** A category of the test catalogues. */
export interface ShelfCategory {
  readonly id: string;
  readonly zh: string;
  readonly language: TitleLanguage;
  /** Median price, yuan. */
  readonly price: number;
  readonly goods: readonly Goods[];
  /** Title qualifiers, [Chinese, English]. */
  readonly qualifiers: ReadonlyArray<readonly [string, string]>;
}

const g = (zh: string, en: string, ...tags: string[]): Goods => ({ zh, en, tags });

/** The five categories, in a fixed order (a category's index is stable across seeds). */
export const SHELF_CATEGORIES: readonly ShelfCategory[] = [
  {
    id: 'kitchen',
    zh: '厨具',
    language: 'mixed',
    price: 150,
    goods: [
      g('铸铁炒锅', 'cast-iron wok', 'wok', '炒锅'),
      g('不粘平底锅', 'nonstick skillet', 'skillet', '平底锅'),
      g('陶瓷砂锅', 'ceramic clay pot', 'clay pot', '砂锅'),
      g('大马士革菜刀', 'damascus chef knife', 'knife', '刀具'),
      g('竹制砧板', 'bamboo cutting board', 'board', '砧板'),
      g('竹蒸笼', 'bamboo steamer', 'steamer', '蒸笼'),
      g('调料罐', 'spice jar set', 'spice', '调料'),
      g('不锈钢汤锅', 'stainless stock pot', 'pot', '汤锅'),
    ],
    qualifiers: [['家用', 'Home'], ['加厚', 'Heavy-duty'], ['日式', 'Japanese-style'], ['无涂层', 'Uncoated'], ['老式', 'Old-school']],
  },
  {
    id: 'pets',
    zh: '宠物',
    language: 'zh',
    price: 60,
    goods: [
      g('豆腐猫砂', '', '猫砂', '猫'),
      g('冻干狗粮', '', '狗粮', '狗'),
      g('瓦楞猫抓板', '', '猫抓板', '猫'),
      g('四季宠物窝', '', '宠物窝'),
      g('伸缩牵引绳', '', '牵引绳', '狗'),
      g('羽毛逗猫棒', '', '逗猫棒', '猫'),
      g('宠物饮水机', '', '饮水机'),
      g('鹦鹉鸟笼', '', '鸟笼', '鸟'),
    ],
    qualifiers: [['低敏', ''], ['大包装', ''], ['静音', ''], ['除臭', ''], ['耐咬', '']],
  },
  {
    id: 'stationery',
    zh: '文具',
    language: 'en',
    price: 35,
    goods: [
      g('', 'fountain pen', 'pen', 'writing'),
      g('', 'dot grid notebook', 'notebook', 'paper'),
      g('', 'washi tape set', 'tape', 'journaling'),
      g('', 'gel ink pens', 'pen', 'ink'),
      g('', 'desk organiser', 'organiser', 'desk'),
      g('', 'watercolour sketchbook', 'sketchbook', 'paper'),
      g('', 'pastel highlighters', 'highlighter'),
      g('', 'weekly planner', 'planner', 'journaling'),
    ],
    qualifiers: [['', 'Refillable'], ['', 'A5'], ['', 'Vintage'], ['', 'Acid-free'], ['', 'Minimalist']],
  },
  {
    id: 'garden',
    zh: '园艺',
    language: 'zh',
    price: 45,
    goods: [
      g('多肉植物组合', '', '多肉', '植物'),
      g('陶土花盆', '', '花盆'),
      g('营养土', '', '土壤', '种植'),
      g('长嘴洒水壶', '', '浇水'),
      g('园艺修枝剪', '', '修剪', '工具'),
      g('水培绿萝', '', '绿萝', '植物'),
      g('阳台蔬菜种子', '', '种子', '种植'),
      g('缓释肥料', '', '肥料'),
    ],
    qualifiers: [['阳台', ''], ['室内', ''], ['新手', ''], ['耐旱', ''], ['有机', '']],
  },
  {
    id: 'music',
    zh: '乐器',
    language: 'mixed',
    price: 220,
    goods: [
      g('尤克里里', 'ukulele', 'ukulele', '尤克里里'),
      g('吉他弦', 'guitar strings', 'guitar', '吉他'),
      g('电子节拍器', 'digital metronome', 'metronome'),
      g('吉他变调夹', 'guitar capo', 'capo', '吉他'),
      g('十孔口琴', 'harmonica', 'harmonica', '口琴'),
      g('枫木鼓棒', 'maple drumsticks', 'drum', '鼓'),
      g('折叠谱架', 'music stand', 'stand', '谱架'),
      g('拇指琴', 'kalimba', 'kalimba', '拇指琴'),
    ],
    qualifiers: [['入门', 'Beginner'], ['专业', 'Studio'], ['便携', 'Travel'], ['复古', 'Vintage'], ['儿童', 'Kids']],
  },
];

/** Index of a category id in {@link SHELF_CATEGORIES} (throws for an unknown id). */
export function shelfIndex(id: string): number {
  const i = SHELF_CATEGORIES.findIndex((c) => c.id === id);
  if (i < 0) throw new RangeError(`unknown test-catalogue category ${JSON.stringify(id)}`);
  return i;
}

/** Shop names of the test catalogues, [Chinese, English]; a shop's index picks one (with a number past the list). */
export const SHOP_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['青禾', 'Greenstalk'], ['木棉', 'Kapok'], ['拾光', 'Timepick'], ['山岚', 'Mistridge'], ['北屿', 'Northisle'],
  ['知竹', 'Bamboowise'], ['小满', 'Xiaoman'], ['橙舍', 'Orangehut'], ['云朵', 'Cloudlet'], ['鹿野', 'Deerfield'],
  ['半亩', 'Halfacre'], ['素然', 'Plainly'], ['听雨', 'Rainlisten'], ['石间', 'Stonegap'], ['初心', 'Firstheart'],
  ['禾木', 'Grainwood'], ['星野', 'Starmoor'], ['晴川', 'Clearbrook'], ['南枝', 'Southbough'], ['见山', 'Seehill'],
];

/** The shop name pair of shop `index` (the list repeats with a number after it). */
export function shopName(index: number): readonly [string, string] {
  const base = SHOP_NAMES[index % SHOP_NAMES.length]!;
  const round = Math.floor(index / SHOP_NAMES.length);
  return round === 0 ? base : [`${base[0]}${round + 1}号店`, `${base[1]} ${round + 1}`];
}

/**
 * A product title in the category's language, from a qualifier, the goods' name and (when `brand`
 * is given) the shop's name; `style` in [0, 1) picks a layout (`mixed` writes both languages or one).
 */
export function shelfTitle(category: ShelfCategory, goods: Goods, qualifier: readonly [string, string], style: number, brand?: readonly [string, string]): string {
  const zh = `${brand === undefined ? '' : `${brand[0]} `}${qualifier[0]}${goods.zh}`;
  const en = `${brand === undefined ? '' : `${brand[1]} `}${qualifier[1]} ${goods.en}`;
  if (category.language === 'zh') return style < 0.6 ? zh : `${zh} 包邮`;
  if (category.language === 'en') return style < 0.6 ? en : `${en}, gift edition`;
  if (style < 0.25) return zh;
  if (style < 0.4) return en;
  return `${zh} ${en}`;
}

/** A word in English and Chinese. */
export interface BilingualWord {
  readonly en: string;
  readonly zh: string;
}

/** A product noun with the tags a product named after it carries (English and Chinese). */
export interface ProductNoun extends BilingualWord {
  readonly tags: readonly string[];
}

/** One product category of the synthetic marketplace: names, nouns, adjectives and a median price. */
export interface CategoryVocabulary {
  /** Category id as written to `products.csv` (English, lower case). */
  readonly id: string;
  /** Chinese name, used in bilingual titles and tags. */
  readonly zh: string;
  /** Nouns of this category; titles combine an adjective and a noun. */
  readonly nouns: readonly ProductNoun[];
  /** Adjectives that fit the category. */
  readonly adjectives: readonly BilingualWord[];
  /** Median price in currency units (prices are log-normal around it). */
  readonly medianPrice: number;
}

const w = (en: string, zh: string): BilingualWord => ({ en, zh });
const n = (en: string, zh: string, ...tags: string[]): ProductNoun => ({ en, zh, tags });

/**
 * The ten categories of the synthetic marketplace, each with an English/Chinese vocabulary.
 * Tags never contain `|`, `,` or `;` (the CSV tag separators). The order is fixed: a category's
 * index here is its index in the ground truth.
 */
export const CATEGORIES: readonly CategoryVocabulary[] = [
  {
    id: 'sport',
    zh: '运动',
    medianPrice: 180,
    nouns: [
      n('running shoes', '跑鞋', 'running', '跑步', 'shoes'),
      n('sports backpack', '运动双肩包', 'backpack', '背包', 'sport'),
      n('yoga mat', '瑜伽垫', 'yoga', '瑜伽'),
      n('basketball', '篮球', 'basketball', '篮球'),
      n('badminton racket', '羽毛球拍', 'badminton', '羽毛球'),
      n('swim goggles', '泳镜', 'swimming', '游泳'),
      n('training jersey', '训练服', 'jersey', '球衣'),
      n('skipping rope', '跳绳', 'fitness', '健身'),
    ],
    adjectives: [w('Lightweight', '轻量'), w('Professional', '专业'), w('Breathable', '透气'), w('Classic', '经典'), w('Retro', '复古')],
  },
  {
    id: 'travel',
    zh: '旅行',
    medianPrice: 220,
    nouns: [
      n('travel backpack', '双肩背包', 'backpack', '背包', 'travel'),
      n('suitcase', '行李箱', 'suitcase', '行李箱', 'luggage'),
      n('neck pillow', '颈枕', 'pillow', '颈枕'),
      n('packing cubes', '收纳袋', 'packing', '收纳'),
      n('passport holder', '护照夹', 'passport', '护照'),
      n('travel adapter', '转换插头', 'adapter', '插头'),
      n('duffel bag', '旅行袋', 'bag', '旅行袋'),
    ],
    adjectives: [w('Lightweight', '轻量'), w('Foldable', '折叠'), w('Waterproof', '防水'), w('Compact', '小巧'), w('Large', '大容量')],
  },
  {
    id: 'outdoor',
    zh: '户外',
    medianPrice: 260,
    nouns: [
      n('camping tent', '帐篷', 'tent', '帐篷', 'camping', '露营'),
      n('hiking boots', '登山鞋', 'hiking', '徒步', 'boots'),
      n('sleeping bag', '睡袋', 'camping', '露营'),
      n('trekking poles', '登山杖', 'hiking', '登山'),
      n('headlamp', '头灯', 'lamp', '头灯'),
      n('hiking backpack', '登山包', 'backpack', '背包', 'hiking'),
      n('water bottle', '水壶', 'bottle', '水壶'),
    ],
    adjectives: [w('Waterproof', '防水'), w('Ultralight', '超轻'), w('Rugged', '耐用'), w('Windproof', '防风'), w('Portable', '便携')],
  },
  {
    id: 'electronics',
    zh: '数码',
    medianPrice: 900,
    nouns: [
      n('smartphone', '手机', 'phone', '手机', 'smartphone', '5G'),
      n('wireless earbuds', '无线耳机', 'earbuds', '耳机', 'bluetooth'),
      n('power bank', '充电宝', 'charger', '充电宝'),
      n('smartwatch', '智能手表', 'watch', '手表', 'wearable'),
      n('tablet', '平板电脑', 'tablet', '平板'),
      n('phone case', '手机壳', 'phone', '手机', 'case'),
      n('desk fan', '桌面风扇', 'fan', '风扇', 'cooling', '降温'),
    ],
    adjectives: [w('Fast-charging', '快充'), w('Portable', '便携'), w('Flagship', '旗舰'), w('Slim', '轻薄'), w('Smart', '智能')],
  },
  {
    id: 'beauty',
    zh: '美妆',
    medianPrice: 120,
    nouns: [
      n('sunscreen', '防晒霜', 'sunscreen', '防晒', 'summer'),
      n('lipstick', '口红', 'lipstick', '口红', 'makeup'),
      n('face mask', '面膜', 'skincare', '护肤'),
      n('moisturiser', '保湿霜', 'skincare', '保湿'),
      n('perfume', '香水', 'perfume', '香水'),
      n('eye shadow palette', '眼影盘', 'makeup', '彩妆'),
    ],
    adjectives: [w('Hydrating', '补水'), w('Natural', '天然'), w('Long-lasting', '持久'), w('Gentle', '温和'), w('Matte', '哑光')],
  },
  {
    id: 'home',
    zh: '家居',
    medianPrice: 150,
    nouns: [
      n('electric fan', '电风扇', 'fan', '风扇', 'cooling', '降温', 'summer'),
      n('air cooler', '冷风机', 'cooling', '降温', 'summer'),
      n('bed sheets', '床单', 'bedding', '床品'),
      n('storage box', '收纳箱', 'storage', '收纳'),
      n('table lamp', '台灯', 'lamp', '台灯'),
      n('tea set', '茶具', 'tea', '茶', 'teaware'),
      n('throw pillow', '抱枕', 'pillow', '抱枕'),
    ],
    adjectives: [w('Quiet', '静音'), w('Minimalist', '简约'), w('Cosy', '舒适'), w('Nordic', '北欧'), w('Classic', '经典')],
  },
  {
    id: 'food',
    zh: '食品',
    medianPrice: 80,
    nouns: [
      n('Longjing green tea', '龙井茶', 'tea', '茶', 'longjing', '龙井', 'green tea'),
      n('oolong tea', '乌龙茶', 'tea', '茶', 'oolong'),
      n('mooncakes', '月饼', 'mooncake', '月饼'),
      n('dried mango', '芒果干', 'snack', '零食'),
      n('instant noodles', '方便面', 'noodles', '面'),
      n('coffee beans', '咖啡豆', 'coffee', '咖啡'),
      n('mixed nuts', '坚果', 'nuts', '坚果', 'snack'),
    ],
    adjectives: [w('Organic', '有机'), w('Premium', '特级'), w('Fresh', '新鲜'), w('Hand-picked', '手工'), w('Classic', '经典')],
  },
  {
    id: 'fashion',
    zh: '服饰',
    medianPrice: 200,
    nouns: [
      n('T-shirt', 'T恤', 't-shirt', 'T恤', 'summer'),
      n('denim jacket', '牛仔外套', 'jacket', '外套'),
      n('sun hat', '遮阳帽', 'hat', '帽子', 'summer'),
      n('canvas tote', '帆布包', 'bag', '包'),
      n('sneakers', '板鞋', 'shoes', '鞋'),
      n('silk scarf', '丝巾', 'scarf', '丝巾'),
      n('linen dress', '亚麻连衣裙', 'dress', '连衣裙', 'summer'),
    ],
    adjectives: [w('Retro', '复古'), w('Oversized', '宽松'), w('Classic', '经典'), w('Breathable', '透气'), w('Limited', '限量')],
  },
  {
    id: 'toys',
    zh: '玩具',
    medianPrice: 100,
    nouns: [
      n('building blocks', '积木', 'blocks', '积木', 'lego'),
      n('plush bear', '毛绒熊', 'plush', '毛绒'),
      n('jigsaw puzzle', '拼图', 'puzzle', '拼图'),
      n('remote control car', '遥控车', 'rc car', '遥控'),
      n('mascot figure', '吉祥物公仔', 'mascot', '吉祥物', 'figure'),
      n('kite', '风筝', 'kite', '风筝'),
    ],
    adjectives: [w('Educational', '益智'), w('Colourful', '彩色'), w('Collectible', '收藏'), w('Mini', '迷你'), w('Classic', '经典')],
  },
  {
    id: 'books',
    zh: '图书',
    medianPrice: 50,
    nouns: [
      n('travel guide', '旅行指南', 'guide', '指南', 'travel'),
      n('novel', '小说', 'novel', '小说'),
      n('cookbook', '菜谱', 'cooking', '烹饪'),
      n('history book', '历史书', 'history', '历史'),
      n('picture book', '绘本', 'picture book', '绘本', 'kids'),
      n('sports biography', '体育传记', 'biography', '传记', 'sport'),
    ],
    adjectives: [w('Illustrated', '图解'), w('Bestselling', '畅销'), w('Collected', '典藏'), w('Pocket', '口袋'), w('Classic', '经典')],
  },
];

/** Index of a category id in {@link CATEGORIES}, or -1. */
export function categoryIndex(id: string): number {
  return CATEGORIES.findIndex((c) => c.id === id);
}

/** English words for merchant names (first part). */
export const MERCHANT_PREFIXES: readonly BilingualWord[] = [
  w('Summit', '山峰'), w('Blue River', '蓝河'), w('Golden', '金色'), w('Red Lantern', '红灯笼'), w('Jade', '翡翠'),
  w('North Star', '北极星'), w('Bamboo', '竹林'), w('Silk Road', '丝路'), w('Panda', '熊猫'), w('Sunrise', '日出'),
  w('Lotus', '莲花'), w('Harbour', '港湾'), w('Cloud', '云端'), w('Maple', '枫叶'), w('Dragon Gate', '龙门'),
];

/** English words for merchant names (second part). */
export const MERCHANT_SUFFIXES: readonly BilingualWord[] = [
  w('Outfitters', '户外'), w('Trading', '商行'), w('Store', '小店'), w('Select', '优选'), w('Market', '集市'),
  w('Workshop', '工坊'), w('Supply', '供应'), w('House', '之家'),
];

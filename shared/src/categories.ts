/**
 * The category catalog: the five major and twenty-five minor kinds of problem a citizen may
 * report (五大类二十五小类, as the service opened in 2020). A report stores the codes, never the
 * names, so the codes are stable and a name can change without touching stored documents.
 * Minor codes are unique across the whole catalog, so a minor code alone also names its major.
 */
export type Locale = 'zh-CN' | 'en';

export interface CategoryName {
  'zh-CN': string;
  en: string;
}

export interface MinorCategory {
  code: string;
  name: CategoryName;
}

export interface MajorCategory {
  code: string;
  name: CategoryName;
  minors: readonly MinorCategory[];
}

function minor(code: string, zh: string, en: string): MinorCategory {
  return { code, name: { 'zh-CN': zh, en } };
}

export const CATEGORIES: readonly MajorCategory[] = [
  {
    code: 'garbage',
    name: { 'zh-CN': '垃圾类', en: 'Garbage' },
    minors: [
      minor('exposed-garbage', '暴露垃圾', 'Exposed garbage'),
      minor('accumulated-garbage-muck', '积存垃圾渣土', 'Accumulated garbage and muck'),
      minor('overflowing-bin', '垃圾满溢', 'Overflowing bin'),
      minor('illegal-dumping', '乱倒垃圾', 'Illegal dumping'),
      minor('burning-garbage', '焚烧垃圾', 'Burning garbage'),
    ],
  },
  {
    code: 'goods-outside-shop',
    name: { 'zh-CN': '店外经营摆放类', en: 'Goods and trading outside shops' },
    minors: [
      minor('trading-outside-shop', '出店经营', 'Trading outside the shop'),
      minor('goods-displayed-outside', '店外摆放商品', 'Goods displayed outside the shop'),
      minor('sundries-piled-outside', '店外堆放杂物', 'Sundries piled outside the shop'),
      minor('repair-work-outside', '店外占道加工维修', 'Repair or processing work on the pavement'),
      minor('signboard-on-pavement', '门前乱设广告牌', 'Signboard or light box on the pavement'),
    ],
  },
  {
    code: 'street-vendor',
    name: { 'zh-CN': '流动商贩类', en: 'Street vendors' },
    minors: [
      minor('roaming-hawker', '流动游商', 'Roaming hawker'),
      minor('street-stall', '占道摆摊', 'Stall set up on the road'),
      minor('vehicle-vending', '机动车及三轮车售卖', 'Selling from a vehicle or tricycle'),
      minor('vendor-near-school', '校园周边流动摊贩', 'Vendor near a school gate'),
      minor('night-market-stall', '违规夜市摊点', 'Unauthorised night-market stall'),
    ],
  },
  {
    code: 'missing-manhole-cover',
    name: { 'zh-CN': '井盖缺失类', en: 'Missing manhole covers' },
    minors: [
      minor('sewer-cover-missing', '污水井盖缺失', 'Sewer manhole cover missing'),
      minor('storm-drain-cover-missing', '雨水井盖缺失', 'Storm-drain cover missing'),
      minor('water-supply-cover-missing', '上水井盖缺失', 'Water-supply manhole cover missing'),
      minor('power-cover-missing', '电力井盖缺失', 'Power manhole cover missing'),
      minor('telecom-cover-missing', '通信井盖缺失', 'Telecom manhole cover missing'),
    ],
  },
  {
    code: 'road-barbecue',
    name: { 'zh-CN': '占道露天烧烤', en: 'Open-air barbecue on the road' },
    minors: [
      minor('barbecue-on-road', '占道露天烧烤', 'Open-air barbecue on the road'),
      minor('grill-outside-restaurant', '店外设炉烧烤', 'Grill set up outside a restaurant'),
      minor('mobile-barbecue-stall', '流动烧烤摊点', 'Mobile barbecue stall'),
      minor('barbecue-smoke-nuisance', '露天烧烤油烟扰民', 'Smoke from open-air barbecue'),
      minor('open-air-dining-on-road', '占道露天餐饮', 'Open-air dining tables on the road'),
    ],
  },
];

export interface CategoryMatch {
  major: MajorCategory;
  minor: MinorCategory;
}

const BY_KEY = new Map<string, CategoryMatch>(
  CATEGORIES.flatMap((major) =>
    major.minors.map((m) => [`${major.code}/${m.code}`, { major, minor: m }] as const),
  ),
);

/** The catalog entry for a pair of codes, or undefined if the minor is not under that major. */
export function findCategory(major: string, minor: string): CategoryMatch | undefined {
  return BY_KEY.get(`${major}/${minor}`);
}

export function isValidCategory(major: string, minor: string): boolean {
  return BY_KEY.has(`${major}/${minor}`);
}

/** A label for lists and case views, e.g. "垃圾类 / 暴露垃圾". */
export function categoryLabel(major: string, minor: string, locale: Locale): string | undefined {
  const match = findCategory(major, minor);
  return match && `${match.major.name[locale]} / ${match.minor.name[locale]}`;
}

// The fixed vocabulary of the synthetic history: the marketed site, browsers, countries and names. Plain data;
// strings here are shared by every event that uses them, which keeps a 100,000-company history small in memory.
import { weighted, type WeightedTable } from './random.js';

export const SITE = 'https://www.example-saas.com';
export const APP = 'https://app.example-saas.com';

/** Pages a visit lands on, by the kind of visit. */
export const PAGES = {
  home: `${SITE}/`,
  pricing: `${SITE}/pricing`,
  signup: `${SITE}/signup`,
  login: `${SITE}/login`,
  demo: `${SITE}/demo`,
  invite: `${SITE}/invite/accept`,
  paidLanding: [
    `${SITE}/`, `${SITE}/pricing`, `${SITE}/lp/marketing-attribution`, `${SITE}/lp/multi-touch-attribution`,
    `${SITE}/compare/tributary-vs-segment`, `${SITE}/lp/free-trial`,
  ],
  content: [
    `${SITE}/blog/what-is-first-touch-attribution`, `${SITE}/blog/utm-parameters-guide`,
    `${SITE}/blog/gclid-explained`, `${SITE}/blog/server-side-tracking-after-cookies`,
    `${SITE}/blog/b2b-attribution-models-compared`, `${SITE}/guides/marketing-attribution`,
    `${SITE}/features/multi-touch-attribution`, `${SITE}/features/offline-conversions`, `${SITE}/`,
    `${SITE}/integrations/hubspot`, `${SITE}/customers`,
  ],
  browse: [
    `${SITE}/pricing`, `${SITE}/features/multi-touch-attribution`, `${SITE}/features/offline-conversions`,
    `${SITE}/integrations/hubspot`, `${SITE}/integrations/google-ads`, `${SITE}/customers`,
    `${SITE}/customers/northwind-case-study`, `${SITE}/docs/getting-started`, `${SITE}/docs/sdk`, `${SITE}/security`,
    `${SITE}/about`, `${SITE}/blog/utm-parameters-guide`, `${SITE}/changelog`,
  ],
  customer: [
    `${SITE}/docs/getting-started`, `${SITE}/docs/sdk`, `${SITE}/changelog`, `${SITE}/pricing`,
    `${SITE}/integrations/hubspot`,
  ],
  direct: [`${SITE}/`, `${SITE}/`, `${SITE}/pricing`, `${SITE}/login`, `${SITE}/docs/getting-started`],
  internalReferrers: [
    `${SITE}/blog/utm-parameters-guide`, `${SITE}/pricing`, `${SITE}/`, `${APP}/dashboard`, `${APP}/settings/billing`,
  ],
} as const;

/** Custom hits the site's SDK tracks, with their (shared) properties. */
export const CUSTOM_HITS: readonly { name: string; properties: Record<string, unknown> }[] = [
  { name: 'cta_click', properties: { cta: 'start_free_trial', location: 'hero' } },
  { name: 'cta_click', properties: { cta: 'book_demo', location: 'pricing' } },
  { name: 'video_play', properties: { video: 'product-tour', duration_s: 94 } },
  { name: 'pricing_toggle', properties: { billing: 'annual' } },
  { name: 'scroll_depth', properties: { percent: 75 } },
];

export type DeviceKind = 'desktop' | 'mobile' | 'tablet';

export const USER_AGENTS: Record<DeviceKind, WeightedTable<string>> = {
  desktop: weighted([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 34],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 24],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', 12],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80', 13],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', 7],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0', 3],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 4],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 3],
  ]),
  mobile: weighted([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1', 40],
    ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36', 30],
    ['Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', 8],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1', 10],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8962', 6],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.35.109;FBBV/589466571;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]', 6],
  ]),
  tablet: weighted([
    ['Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 70],
    ['Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 30],
  ]),
};

/** Crawlers that run the site's JavaScript, with addresses from their published ranges. */
export const BOTS: readonly { userAgent: string; ipPrefix: string }[] = [
  { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ipPrefix: '66.249.66.' },
  {
    userAgent: 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    ipPrefix: '66.249.68.',
  },
  { userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', ipPrefix: '157.55.39.' },
  { userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', ipPrefix: '54.36.148.' },
  { userAgent: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)', ipPrefix: '20.171.207.' },
];

export interface Country {
  code: string;
  /** Minutes east of UTC, for business hours. */
  utcOffsetMin: number;
  /** Consumer and business ISP blocks (/16) that geolocate to the country. */
  ipBlocks: readonly string[];
  /** Top-level domain of local companies. */
  tld: string;
  /** The local Google, as a search referrer. */
  google: string;
  legalSuffixes: readonly string[];
}

const US: Country = {
  code: 'US', utcOffsetMin: -360, ipBlocks: ['73.162.', '98.207.', '24.5.', '76.102.'], tld: 'com',
  google: 'https://www.google.com/', legalSuffixes: ['', '', 'Inc.', 'LLC'],
};
export const COUNTRIES = weighted<Country>([
  [US, 40],
  [{ code: 'GB', utcOffsetMin: 0, ipBlocks: ['81.2.', '86.150.', '51.9.'], tld: 'co.uk', google: 'https://www.google.co.uk/', legalSuffixes: ['', 'Ltd'] }, 12],
  [{ code: 'DE', utcOffsetMin: 60, ipBlocks: ['84.150.', '91.64.', '93.192.'], tld: 'de', google: 'https://www.google.de/', legalSuffixes: ['', 'GmbH'] }, 10],
  [{ code: 'FR', utcOffsetMin: 60, ipBlocks: ['90.85.', '86.246.'], tld: 'fr', google: 'https://www.google.fr/', legalSuffixes: ['', 'SAS'] }, 6],
  [{ code: 'CA', utcOffsetMin: -300, ipBlocks: ['99.230.', '174.112.'], tld: 'ca', google: 'https://www.google.ca/', legalSuffixes: ['', 'Inc.'] }, 7],
  [{ code: 'AU', utcOffsetMin: 600, ipBlocks: ['1.144.', '101.160.'], tld: 'com.au', google: 'https://www.google.com.au/', legalSuffixes: ['', 'Pty Ltd'] }, 5],
  [{ code: 'IN', utcOffsetMin: 330, ipBlocks: ['49.36.', '117.200.'], tld: 'in', google: 'https://www.google.co.in/', legalSuffixes: ['', 'Pvt Ltd'] }, 8],
  [{ code: 'BR', utcOffsetMin: -180, ipBlocks: ['177.37.', '189.6.'], tld: 'com.br', google: 'https://www.google.com.br/', legalSuffixes: ['', 'Ltda'] }, 5],
  [{ code: 'NL', utcOffsetMin: 60, ipBlocks: ['145.53.', '84.104.'], tld: 'nl', google: 'https://www.google.nl/', legalSuffixes: ['', 'B.V.'] }, 7],
]);

export const COMPANY_WORDS = {
  first: [
    'Blue', 'North', 'Bright', 'Silver', 'Quant', 'Pixel', 'Harbor', 'Summit', 'Cedar', 'Nova', 'Vertex', 'Lumen',
    'Atlas', 'Orbit', 'Granite', 'Maple', 'Cobalt', 'Echo', 'Falcon', 'Juniper', 'Copper', 'River', 'Aspen', 'Beacon',
    'Delta', 'Ember', 'Fjord', 'Helix', 'Indigo', 'Kestrel', 'Lattice', 'Meridian', 'Nimbus', 'Oak', 'Polar', 'Quill',
    'Redwood', 'Sable', 'Tidal', 'Umber', 'Vela', 'Willow', 'Zephyr', 'Acorn', 'Basalt', 'Canopy', 'Drift', 'Evergreen',
    'Flint', 'Glacier', 'Horizon', 'Iron', 'Jade', 'Keystone', 'Lark', 'Mosaic', 'Northstar', 'Opal', 'Pioneer',
    'Sparrow',
  ],
  second: [
    'Labs', 'Analytics', 'Logistics', 'Health', 'Studio', 'Systems', 'Works', 'Foods', 'Capital', 'Robotics', 'Media',
    'Cloud', 'Bio', 'Legal', 'Energy', 'Learning', 'Retail', 'Freight', 'Dental', 'Software', 'Security', 'Travel',
    'Finance', 'Insights', 'Apparel', 'Design', 'Data', 'Ventures', 'Fitness', 'Marine', 'Solar', 'Payments', 'Homes',
    'Clinics', 'Motors', 'Pets', 'Coffee', 'Outdoor', 'Supply', 'Networks',
  ],
  third: ['', '', '', '', 'Group', 'Partners', 'Collective', 'Digital', 'Global', 'Consulting', 'Technologies'],
  domainVariants: ['', 'get', 'try', 'hq', 'app', 'team'],
} as const;

export const PERSON_NAMES = {
  first: [
    'james', 'mary', 'robert', 'patricia', 'john', 'jennifer', 'michael', 'linda', 'david', 'elizabeth', 'william',
    'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'priya', 'arjun', 'aisha', 'omar', 'lucas',
    'sofia', 'mateo', 'camila', 'lena', 'jonas', 'emma', 'noah', 'chloe', 'liam', 'mia', 'ethan', 'ana', 'joao',
    'claire', 'hugo', 'sanne', 'daan', 'wei', 'mei', 'kenji', 'yuki', 'fatima', 'ivan', 'olga', 'nina', 'raj', 'ines',
  ],
  last: [
    'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez', 'wilson',
    'anderson', 'taylor', 'thomas', 'moore', 'jackson', 'martin', 'lee', 'thompson', 'white', 'patel', 'sharma',
    'khan', 'silva', 'santos', 'oliveira', 'muller', 'schmidt', 'schneider', 'fischer', 'dubois', 'bernard', 'moreau',
    'devries', 'jansen', 'bakker', 'nguyen', 'chen', 'wang', 'kim', 'tanaka', 'sato', 'murphy', 'obrien', 'kelly',
    'walsh', 'novak', 'kowalski', 'rossi', 'ferrari',
  ],
  personalDomains: ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me'],
} as const;

export const JOB_TITLES = [
  'Head of Marketing', 'Growth Manager', 'Marketing Ops Manager', 'CMO', 'Founder', 'VP Marketing',
  'Demand Generation Lead', 'Data Analyst', 'RevOps Manager', 'CEO',
] as const;

// A small history for the dashboard tests, with numbers known by hand: four companies from four channels over
// January and February 2026, one with two touchpoints (so first and last touch disagree), one with none (coverage),
// a rejected and a repeated event (quality), spend on the Google campaign, and a campaign name that is markup.
export const HOSTILE_CAMPAIGN = '<img src=x onerror=alert(1)>';

const site = 'https://www.acme.com/';
const session = (id: string, ts: string, client: string, pageUrl: string, referrer?: string) =>
  ({ type: 'session', event_id: `s-${id}`, ts, client_id: client, session_id: `ss-${id}`, page_url: pageUrl, ...(referrer ? { referrer } : {}) });
const company = (id: string, ts: string, client: string) =>
  ({ type: 'company_created', event_id: `co-${id}`, ts, company_id: id, email: `founder@${id}.example`, client_id: client });

export const EVENTS = [
  // Paid search, converted 6 January.
  session('a', '2026-01-05T09:00:00Z', 'cl-a', `${site}?utm_source=google&utm_medium=cpc&utm_campaign=brand`),
  company('co-a', '2026-01-06T10:00:00Z', 'cl-a'),
  // Email with a campaign that is HTML, converted 13 January.
  session('b', '2026-01-12T09:00:00Z', 'cl-b', `${site}?utm_source=newsletter&utm_medium=email&utm_campaign=${encodeURIComponent(HOSTILE_CAMPAIGN)}`),
  company('co-b', '2026-01-13T10:00:00Z', 'cl-b'),
  // Organic search first, paid social last, converted 26 January.
  session('c1', '2026-01-20T09:00:00Z', 'cl-c', `${site}pricing`, 'https://www.google.com/'),
  session('c2', '2026-01-25T09:00:00Z', 'cl-c', `${site}?utm_source=facebook&utm_medium=cpc&utm_campaign=retarget`),
  company('co-c', '2026-01-26T10:00:00Z', 'cl-c'),
  // Referral, converted 4 February.
  session('d', '2026-02-03T09:00:00Z', 'cl-d', `${site}blog`, 'https://partner.example/review'),
  company('co-d', '2026-02-04T10:00:00Z', 'cl-d'),
  // No touchpoint at all, converted 10 February.
  company('co-e', '2026-02-10T10:00:00Z', 'cl-e'),
  // Refused (no valid email) and repeated (same event_id): the quality panel's intake.
  { type: 'identify', event_id: 'bad-1', ts: '2026-01-07T10:00:00Z', client_id: 'cl-a', email: 'not an email' },
  session('a', '2026-01-05T09:00:00Z', 'cl-a', `${site}?utm_source=google&utm_medium=cpc&utm_campaign=brand`),
  { type: 'ad_spend', event_id: 'sp-1', ts: '2026-01-05T23:00:00Z', date: '2026-01-05', source: 'google', medium: 'cpc', campaign: 'brand', cost: 120, currency: 'USD' },
];

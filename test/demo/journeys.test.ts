// The stories the demo must tell, checked through a rough identity graph (CONTRACT section 3, without the hop limit:
// every company here is a few hops wide) and rough touchpoints (CONTRACT section 2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateHistory, type RawEvent } from '../../src/demo/generate-history.js';

const DAY = 86_400_000;
const { events } = generateHistory({ seed: 21, companies: 600, start: Date.UTC(2026, 0, 1), lateFraction: 0, duplicateFraction: 0 });

const timeOf = (e: RawEvent): number => (typeof e.ts === 'number' ? e.ts : Date.parse(e.ts));
const email = (value: unknown): string => `email:${String(value).trim().toLowerCase()}`;

class Components {
  private readonly parent = new Map<string, string>();
  find(node: string): string {
    let root = node;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(node, root);
    return root;
  }
  join(nodes: string[]): void {
    const [first, ...rest] = nodes.map((n) => this.find(n));
    for (const other of rest) if (other !== first) this.parent.set(other, first!);
  }
}

function nodesOf(e: RawEvent): string[] {
  const nodes: string[] = [];
  if (typeof e.client_id === 'string') nodes.push(`client:${e.client_id}`);
  if (typeof e.device_id === 'string') nodes.push(`device:${e.device_id}`);
  if (typeof e.email === 'string') nodes.push(email(e.email));
  if (typeof e.company_id === 'string') nodes.push(`company:${e.company_id}`);
  return nodes;
}

const graph = new Components();
for (const e of events) {
  if (e.type === 'session' || e.type === 'hit') continue;
  const nodes = nodesOf(e);
  if (nodes.length > 1) graph.join(nodes);
}

/** Touchpoints by component: sessions, and forms, calls and mobile events with a campaign or a page URL. */
const touchpoints = new Map<string, number[]>();
for (const e of events) {
  const counts = e.type === 'session' ||
    (['form_submission', 'call', 'mobile_event', 'mobile_signup'].includes(e.type) &&
      (e.campaign !== undefined || e.page_url !== undefined));
  if (!counts) continue;
  const node = nodesOf(e)[0]!;
  const root = graph.find(node);
  touchpoints.set(root, [...(touchpoints.get(root) ?? []), timeOf(e)]);
}

const companies = events.filter((e) => e.type === 'company_created').map((e) => {
  const convertedAt = timeOf(e);
  const all = touchpoints.get(graph.find(`company:${String(e.company_id)}`)) ?? [];
  const eligible = all.filter((t) => t <= convertedAt);
  return {
    id: String(e.company_id), convertedAt, eligible, after: all.length - eligible.length,
    recent: eligible.filter((t) => t >= convertedAt - 28 * DAY).length, referred: e.referred_by !== undefined,
  };
});

describe('journeys', () => {
  it('gives most companies touchpoints before converting, over days or weeks', () => {
    const attributed = companies.filter((c) => c.eligible.length > 0);
    assert.ok(attributed.length > companies.length * 0.75, `${attributed.length} of ${companies.length}`);
    const several = attributed.filter((c) => c.eligible.length >= 3).length;
    assert.ok(several > attributed.length * 0.3, `${several} with 3+ touchpoints`);
    const long = attributed.filter((c) => c.convertedAt - Math.min(...c.eligible) > 7 * DAY).length;
    assert.ok(long > attributed.length * 0.25, `${long} journeys over a week`);
  });

  it('leaves some companies without any touchpoint (unattributed), some of them referred', () => {
    const none = companies.filter((c) => c.eligible.length === 0);
    assert.ok(none.length >= companies.length * 0.04 && none.length <= companies.length * 0.25, `${none.length}`);
    assert.ok(none.some((c) => c.referred), 'a referred company that can inherit its referrer\'s source');
  });

  it('has companies whose touchpoints are all older than 28 days (first_touch_28d differs from first_touch)', () => {
    const old = companies.filter((c) => c.eligible.length > 0 && c.recent === 0);
    assert.ok(old.length >= 5, `${old.length}`);
  });

  it('has touchpoints after the conversion, which must not count', () => {
    assert.ok(companies.filter((c) => c.after > 0).length > companies.length * 0.3);
  });

  it('identifies some people on two or more browsers, and leaves other browsers anonymous', () => {
    const clientsByEmail = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type !== 'identify') continue;
      const key = email(e.email);
      clientsByEmail.set(key, (clientsByEmail.get(key) ?? new Set()).add(String(e.client_id)));
    }
    const crossDevice = [...clientsByEmail.values()].filter((clients) => clients.size >= 2).length;
    assert.ok(crossDevice > 50, `${crossDevice} people identified on several browsers`);

    const identified = new Set(events.filter((e) => typeof e.client_id === 'string' && e.type !== 'session' && e.type !== 'hit')
      .map((e) => String(e.client_id)));
    const anonymous = new Set(events.filter((e) => e.type === 'session' && !identified.has(String(e.client_id)))
      .map((e) => String(e.client_id)));
    assert.ok(anonymous.size > 300, `${anonymous.size} anonymous browsers`);
  });

  it('joins phones to people through the app, with install campaigns', () => {
    const withCampaign = events.filter((e) => e.type === 'mobile_event' && e.campaign !== undefined);
    assert.ok(withCampaign.length > 0);
    assert.ok(events.some((e) => e.type === 'mobile_signup' && e.company_id !== undefined));
    assert.ok(events.some((e) => e.type === 'mobile_event' && e.email !== undefined));
  });

  it('has calls with a campaign, calls from a web page, and calls with neither', () => {
    const calls = events.filter((e) => e.type === 'call');
    assert.ok(calls.some((e) => e.campaign !== undefined));
    assert.ok(calls.some((e) => e.page_url !== undefined && e.client_id !== undefined));
    assert.ok(calls.some((e) => e.campaign === undefined && e.page_url === undefined));
  });

  it('has marketing forms (some carrying the landing UTMs) and app signup forms', () => {
    const forms = events.filter((e) => e.type === 'form_submission');
    assert.ok(forms.some((e) => e.site === 'marketing' && String(e.page_url).includes('utm_')));
    assert.ok(forms.some((e) => e.site === 'app' && e.form_id === 'signup'));
    assert.ok(forms.some((e) => e.form_id === 'demo_request'));
  });

  it('sends emails as people type them: sometimes capitalised or with a stray space', () => {
    const emails = events.flatMap((e) => (typeof e.email === 'string' ? [e.email] : []));
    assert.ok(emails.some((value) => value !== value.toLowerCase()));
    assert.ok(emails.some((value) => value !== value.trim()));
  });
});

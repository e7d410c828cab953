// Touchpoints without a landing URL: the mobile app (install attribution arrives as a `campaign` object from the
// mobile measurement partner) and inbound phone calls tracked by Invoca (call-extension ads carry a campaign, calls
// from the website carry the page the number was shown on).
import type { CampaignInput } from '../core/events/types.js';
import { clickIds } from './channels.js';
import type { Client, Person } from './people.js';
import { weighted, type Random } from './random.js';
import { isoTime, type RawEvent } from './event-log.js';
import type { Scene, SessionInfo } from './visits.js';

type InstallSource = 'google' | 'meta' | 'apple_search_ads' | 'tiktok' | 'organic';

const INSTALL_SOURCES = weighted<InstallSource>([
  ['organic', 35], ['google', 25], ['meta', 20], ['apple_search_ads', 12], ['tiktok', 8],
]);

function installCampaign(rng: Random): CampaignInput | undefined {
  switch (rng.choose(INSTALL_SOURCES)) {
    case 'organic': return undefined;
    case 'google':
      return rng.chance(0.5)
        ? { source: 'google', medium: 'cpc', campaign: 'app_install_ios', gbraid: clickIds.gbraid(rng) }
        : { source: 'google', medium: 'cpc', campaign: 'app_install_android', gclid: clickIds.gclid(rng) };
    case 'meta':
      return { source: 'facebook', medium: 'paid_social', campaign: 'app_installs_q2', content: 'video_15s_v2',
        fbclid: clickIds.fbclid(rng) };
    case 'apple_search_ads':
      return { source: 'apple_search_ads', medium: 'cpc', campaign: 'brand_exact', term: 'tributary' };
    case 'tiktok':
      return {
        source: 'tiktok', medium: 'paid_social', campaign: 'spark_ads_founder_story', ttclid: clickIds.ttclid(rng),
      };
  }
}

function deviceOf(person: Person): string {
  if (person.device === null) throw new Error(`${person.email} has no app device`);
  return person.device.id;
}

/** Mobile SDKs send epoch milliseconds. Returns the install's campaign, if it came from an ad. */
export function installApp(scene: Scene, person: Person, t: number): CampaignInput | undefined {
  const campaign = installCampaign(scene.rng);
  const event: RawEvent = {
    type: 'mobile_event', event_id: '', ts: t, device_id: deviceOf(person), name: 'app_install',
  };
  if (campaign !== undefined) event.campaign = campaign;
  scene.log.add(t, event);
  return campaign;
}

/** An in-app event; once the person has logged in, it carries their email. */
export function appEvent(scene: Scene, person: Person, t: number, name: string, loggedIn: boolean): void {
  const event: RawEvent = { type: 'mobile_event', event_id: '', ts: t, device_id: deviceOf(person), name };
  if (loggedIn) event.email = person.email;
  scene.log.add(t, event);
}

export function mobileSignup(
  scene: Scene, person: Person, t: number, companyId: string | undefined, campaign: CampaignInput | undefined,
): void {
  const event: RawEvent = {
    type: 'mobile_signup', event_id: '', ts: t, device_id: deviceOf(person), email: person.email,
  };
  if (companyId !== undefined) event.company_id = companyId;
  if (campaign !== undefined) event.campaign = campaign;
  scene.log.add(t, event);
}

/**
 * An inbound call. From a call-extension ad it carries the ad's campaign; from the website (dynamic number
 * insertion) the page and browser; dialled from a business card, neither (so no touchpoint).
 */
export function inboundCall(
  scene: Scene, person: Person, t: number, web?: { client: Client; session: SessionInfo },
): void {
  const { rng } = scene;
  // Invoca's webhooks send ISO times; a minority of integrations forward them as epoch milliseconds.
  const event: RawEvent = {
    type: 'call', event_id: '', ts: rng.chance(0.1) ? t : isoTime(t), call_id: rng.hex(20, 'call_'),
  };
  if (rng.chance(0.75)) event.email = person.email;
  const x = rng.next();
  if (web !== undefined && x < 0.5) {
    event.client_id = web.client.id;
    event.page_url = web.session.landingUrl;
  } else if (x < 0.8) {
    event.campaign = rng.chance(0.7)
      ? { source: 'google', medium: 'cpc', campaign: 'call_ads_brand', gclid: clickIds.gclid(rng) }
      : { source: 'bing', medium: 'cpc', campaign: 'call_extension', msclkid: clickIds.msclkid(rng) };
  }
  event.duration_s = rng.int(15, 1800);
  scene.log.add(t, event);
}

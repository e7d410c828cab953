// `tributary/client`: send backend events (company_created, signup, ...) to a Tributary collector.
export { createClient, type ClientOptions, type TributaryClient } from './client.js';
export type { DeliveryFailure } from './delivery.js';
export type { CampaignInput, ClientEvent, SentEvent } from './events.js';

// HubspotContactProfileUpdater (flow document, last stage): a contact's first touch changed, so HubSpot must get
// it. The worker only records that, in its batch's transaction; the HubSpot deliverer sends the contact's
// attribution as stored at send time (coalescing bursts, never writing an older result over a newer one).
import { z } from 'zod';
import { requestSync } from '../destinations/hubspot/sync-store.js';
import { decodePayloads } from './steps/decode-messages.js';
import { Topic } from './topics.js';
import type { Worker } from '../ports/worker.js';

/** Contacts are keyed by their normalised email (bi.contact_profile_metadata); the contact_id may be the email. */
const ContactAttributionUpdated = z.object({ contact_id: z.string().min(1), email: z.string().min(1) });

export function createHubspotContactProfileUpdater(): Worker {
  return {
    name: 'HubspotContactProfileUpdater',
    queue: 'hubspot_contacts',
    bindings: [Topic.contactAttributionUpdated],
    async handle(batch, { tx }) {
      const updates = await decodePayloads(tx, batch, ContactAttributionUpdated, 'HubspotContactProfileUpdater');
      await requestSync(tx, 'contacts', updates.map((u) => u.email));
    },
  };
}

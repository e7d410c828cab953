// The events of CONTRACT section 1 as a backend writes them: `event_id` and `ts` may be left out (the client fills
// them in), `ts` may also be a Date. The collector validates; these types catch the mistakes a compiler can.

export interface CampaignInput {
  source?: string; medium?: string; campaign?: string; term?: string; content?: string;
  gclid?: string; gbraid?: string; wbraid?: string; fbclid?: string; msclkid?: string; li_fat_id?: string; ttclid?: string;
}

interface Common {
  /** Idempotency key: the same event_id twice is processed once. Default: a random UUID. */
  event_id?: string;
  /** When it happened: ISO-8601 with an offset, epoch milliseconds or a Date. Default: now. */
  ts?: string | number | Date;
}

type Opt<T> = T | null | undefined;

export type ClientEvent = Common & (
  | { type: 'session'; client_id: string; session_id: string; page_url: string; referrer?: Opt<string>; user_agent?: Opt<string>;
      ip?: Opt<string>; consent?: Opt<{ analytics: boolean; ads: boolean }>; cookies?: Opt<{ _fbp?: Opt<string>; _fbc?: Opt<string> }> }
  | { type: 'hit'; client_id: string; session_id: string; name: string; page_url?: Opt<string>; properties?: Opt<Record<string, unknown>> }
  | { type: 'identify'; client_id: string; email: string }
  | { type: 'form_submission'; email: string; form_id: string; site: 'app' | 'marketing'; client_id?: Opt<string>; session_id?: Opt<string>;
      page_url?: Opt<string>; fields?: Opt<Record<string, unknown>> }
  | { type: 'contact_created'; contact_id: string; email: string; client_id?: Opt<string> }
  | { type: 'company_created'; company_id: string; name?: Opt<string>; domain?: Opt<string>; email?: Opt<string>; client_id?: Opt<string>; referred_by?: Opt<string> }
  | { type: 'signup'; company_id: string; email: string; client_id?: Opt<string> }
  | { type: 'mobile_event'; device_id: string; name: string; email?: Opt<string>; campaign?: Opt<CampaignInput> }
  | { type: 'mobile_signup'; device_id: string; email: string; company_id?: Opt<string>; campaign?: Opt<CampaignInput> }
  | { type: 'call'; call_id: string; email?: Opt<string>; client_id?: Opt<string>; page_url?: Opt<string>; campaign?: Opt<CampaignInput>; duration_s?: Opt<number> }
);

/** An event as sent: with its event_id and its ts. */
export type SentEvent = ClientEvent & { event_id: string; ts: string | number };

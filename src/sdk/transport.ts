// Delivery to the collector: events wait in a bounded in-memory queue, leave in batches (fetch with keepalive),
// are retried with exponential backoff while the collector is down or busy, and are handed to sendBeacon when the
// page goes away. Every event carries its own event_id, so a batch sent twice is processed once.

const MAX_QUEUE = 100;
const MAX_BATCH_EVENTS = 50;
// keepalive fetches and beacons share a 64 KiB budget per page; 16,000 UTF-16 units stay under it in UTF-8.
const MAX_BATCH_CHARS = 16000;
const FLUSH_DELAY_MS = 300;
const MAX_BACKOFF_MS = 30000;
const REQUEST_TIMEOUT_MS = 10000;
/** Where undelivered events wait for the next page while the collector is down (only with analytics consent). */
const STORE_KEY = '_trb_q';

export interface Transport {
  push(event: object): void;
  /** The page is hidden or going away: beacon what is waiting. */
  leave(): void;
  /** Resend what a previous page could not deliver. */
  restore(): void;
  /** Consent withdrawn: forget everything not yet sent. */
  clear(): void;
}

export function createTransport(endpoint: string): Transport {
  let queue: string[] = [];
  let inflight = 0;
  let failures = 0;
  let persisted = false;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  const schedule = (ms: number) => { if (!timer) timer = setTimeout(() => { timer = 0; send(); }, ms); };
  const body = (events: string[]) => '{"events":[' + events.join(',') + ']}';
  /** How many events from the head of `list` fit in one request. */
  const fit = (list: string[]) => {
    let n = 0;
    for (let size = 0; n < list.length && n < MAX_BATCH_EVENTS && (size += list[n]!.length + 1) < MAX_BATCH_CHARS;) n++;
    return n;
  };
  const storage = (write?: string[]) => {
    try {
      if (write) localStorage.setItem(STORE_KEY, JSON.stringify(write));
      else localStorage.removeItem(STORE_KEY);
    } catch { /* storage disabled or full: the events just stay in memory */ }
  };

  function send(): void {
    if (inflight || !queue.length) return;
    inflight = fit(queue);
    const controller = typeof AbortController == 'function' ? new AbortController() : null;
    // A request that hangs (a half-open connection) must not hold the queue forever.
    const timeout = setTimeout(() => controller && controller.abort(), REQUEST_TIMEOUT_MS);
    fetch(endpoint, { method: 'POST', body: body(queue.slice(0, inflight)), keepalive: true, credentials: 'omit', signal: controller ? controller.signal : null })
      // 429 and 5xx may succeed later; any other answer is final (delivered, or refused for good: 400, 401, 413).
      .then((response) => response.status != 429 && response.status < 500, () => false)
      .then((done) => {
        clearTimeout(timeout);
        if (done) {
          queue.splice(0, inflight);
          failures = 0;
          if (persisted) { persisted = false; storage(); }
        } else {
          failures++;
        }
        inflight = 0;
        if (queue.length) schedule(done ? 0 : Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, failures - 1)) * (0.5 + Math.random() / 2));
      });
  }

  return {
    push(event) {
      const json = JSON.stringify(event);
      // An event too big for one request could never be delivered; past the bound, the oldest events are kept
      // (the session event that makes the touchpoint comes first).
      if (json.length < MAX_BATCH_CHARS && queue.length < MAX_QUEUE) queue.push(json);
      if (!failures) schedule(FLUSH_DELAY_MS);
    },
    leave() {
      if (failures) {
        // The collector is down: keep everything for the next page (and for this one, if it comes back).
        persisted = true;
        storage(queue);
      }
      const rest = queue.slice(inflight);
      if (!failures) queue = queue.slice(0, inflight);
      while (rest.length) {
        const chunk = body(rest.splice(0, fit(rest) || 1));
        if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, chunk))) {
          fetch(endpoint, { method: 'POST', body: chunk, keepalive: true, credentials: 'omit' }).catch(() => {});
        }
      }
    },
    restore() {
      try {
        const saved = JSON.parse(localStorage.getItem(STORE_KEY) || '[]') as string[];
        storage();
        queue = saved.concat(queue).slice(0, MAX_QUEUE);
        if (queue.length) schedule(FLUSH_DELAY_MS);
      } catch { /* nothing usable was saved */ }
    },
    clear() {
      queue = queue.slice(0, inflight);
      storage();
    },
  };
}

// A local HTTP server standing in for a platform's API (node:http on 127.0.0.1, port 0). It records every request;
// each platform's fake decides the answer the way the real API would. Tests can script answers ahead of that
// (429 with Retry-After, 5xx) or make every call fail.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer { status: number; headers?: Record<string, string>; body?: unknown }

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly scripted: Array<{ answer: Answer; when: (r: RecordedRequest) => boolean }> = [];
  private always: Answer | null = null;
  private server: Server | null = null;
  url = '';

  constructor(private readonly decide: (request: RecordedRequest) => Answer) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const recorded: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(recorded);
        let answer: Answer;
        try {
          answer = this.always ?? this.takeScripted(recorded) ?? this.decide(recorded);
        } catch (error) {
          answer = { status: 500, body: { error: `fake failed: ${(error as Error).message}` } };
        }
        const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** These answers, in order, to the next calls (before any checking, as a throttled or failing API would). */
  answerNext(...answers: Answer[]): void { this.answerNextWhen(() => true, ...answers); }
  /** The same, only for the calls `when` picks (e.g. one endpoint of several). */
  answerNextWhen(when: (r: RecordedRequest) => boolean, ...answers: Answer[]): void {
    this.scripted.push(...answers.map((answer) => ({ answer, when })));
  }

  private takeScripted(r: RecordedRequest): Answer | null {
    const i = this.scripted.findIndex((s) => s.when(r));
    return i < 0 ? null : this.scripted.splice(i, 1)[0]!.answer;
  }
  /** Every call gets this answer from now on (null: back to normal). */
  answerAlways(answer: Answer | null): void { this.always = answer; }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export const isSha256Hex = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
export const header = (r: RecordedRequest, name: string): string | undefined => {
  const v = r.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};
export function parseJson(body: string): { ok: true; value: any } | { ok: false; error: string } {
  try { return { ok: true, value: JSON.parse(body) }; } catch (e) { return { ok: false, error: (e as Error).message }; }
}
export const DAY = 24 * 3_600_000;

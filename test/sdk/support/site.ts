// A customer's website: a node:http server answering every path with a page that carries the SDK's script tag.
// Reached as http://<host>:<port>, where <host> is any *.test name (see launchChromium).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SiteOptions {
  collector: string;
  writeKey: string;
  consent?: 'required';
}

export interface Site {
  /** The site's address on a host name, e.g. origin('www.acme.test') → http://www.acme.test:PORT */
  origin(host: string): string;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `options` is read on every request: a test may point the site at a collector started after it. */
export async function startSite(options: SiteOptions): Promise<Site> {
  const server: Server = createServer((request, response) => {
    const tag = `<script src="${escape(options.collector)}/sdk.js" data-write-key="${escape(options.writeKey)}"`
      + `${options.consent ? ` data-consent="${options.consent}"` : ''} async></script>`;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html><head><title>${escape(request.url ?? '/')}</title>${tag}</head>`
      + `<body><h1>${escape(request.url ?? '/')}</h1><a id="next" href="/next">next</a></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: (host) => `http://${host}:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

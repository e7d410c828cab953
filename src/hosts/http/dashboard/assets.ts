// The dashboard's three files as served: the page (with the deployment's currency in a meta tag), its stylesheet,
// and its script bundled from browser/ with Chart.js. Each is made once per process and kept in memory.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { browserBundle, servedBytes, type ServedBytes } from '../browser-bundle.js';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** The browsers a marketing team runs: everything since 2020 has the syntax and APIs this needs. */
const TARGET = 'es2020';

const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pages = new Map<string, Promise<ServedBytes>>();
let stylesheet: Promise<ServedBytes> | null = null;

export function dashboardPage(currency: string): Promise<ServedBytes> {
  let page = pages.get(currency);
  if (!page) {
    page = readFile(here('page.html'), 'utf8').then((html) => servedBytes(Buffer.from(html.replace('{{currency}}', escapeAttribute(currency)))));
    pages.set(currency, page);
  }
  return page;
}

export function dashboardStylesheet(): Promise<ServedBytes> {
  stylesheet ??= readFile(here('dashboard.css')).then(servedBytes);
  return stylesheet;
}

export function dashboardScript(): Promise<ServedBytes> {
  // Chart.js's licence asks for its notice in copies: kept at the end of the bundle.
  return browserBundle({ entry: here('browser/main.ts'), target: TARGET, legalComments: 'eof' });
}

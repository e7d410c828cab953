// Device, browser and OS from a user agent, plus bot detection. ua-parser-js runs a long list of regular
// expressions per call (~11k parses/s), while real traffic repeats a small set of user agents, so every parser
// made here keeps an LRU cache keyed on the user-agent string.
import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';
import UAParser from 'ua-parser-js';

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other';

export interface DeviceInfo {
  /** Null when nothing says what the device is (no user agent, or an unknown one without a desktop OS). */
  device_type: DeviceType | null;
  browser: string | null;
  browser_version: string | null;
  os: string | null;
  os_version: string | null;
  is_bot: boolean;
}

export type ParseUserAgent = (userAgent: string | null) => Readonly<DeviceInfo>;

/** The part of ua-parser-js's result this module reads; the shape an injected `parse` must return. */
export interface RawUserAgent {
  browser: { name?: string | undefined; version?: string | undefined };
  os: { name?: string | undefined; version?: string | undefined };
  device: { type?: string | undefined };
}

export interface UserAgentParserOptions {
  /** Entries in the LRU cache; 0 turns the cache off. Default 10,000. */
  cacheSize?: number;
  /** The underlying parser; ua-parser-js unless a test injects one. */
  parse?: (userAgent: string) => RawUserAgent;
  /** The bot test; isbot unless a test injects one. */
  isBot?: (userAgent: string) => boolean;
}

export const DEFAULT_USER_AGENT_CACHE_SIZE = 10_000;

/** ua-parser-js reads only this many characters; cutting here too bounds what a hostile header costs the cache. */
export const USER_AGENT_MAX_LENGTH = 500;

const NO_DEVICE: Readonly<DeviceInfo> = Object.freeze({
  device_type: null, browser: null, browser_version: null, os: null, os_version: null, is_bot: false,
});

/**
 * Desktop operating systems as ua-parser-js 1.x names them (lower-cased): it reports no device type for
 * desktops, so an absent type with one of these OSes is a desktop. BSDs are matched separately.
 */
const DESKTOP_OSES: ReadonlySet<string> = new Set([
  'windows', 'mac os', 'chromium os', 'linux', 'ubuntu', 'kubuntu', 'xubuntu', 'lubuntu', 'debian', 'fedora',
  'suse', 'opensuse', 'gentoo', 'arch', 'slackware', 'mandriva', 'centos', 'pclinuxos', 'red hat', 'redhat',
  'zenwalk', 'linpus', 'raspbian', 'deepin', 'manjaro', 'elementary os', 'sabayon', 'linspire', 'mint', 'mageia',
  'vectorlinux', 'gnu', 'hurd', 'haiku', 'solaris', 'opensolaris', 'aix', 'beos', 'os/2', 'amigaos', 'morphos',
  'openvms', 'hp-ux', 'serenityos', 'unix', 'dragonfly',
]);

const defaultParse = (userAgent: string): RawUserAgent => UAParser(userAgent);

/**
 * Makes a user-agent parser with its own LRU cache. Results are frozen: a cache hit hands back the very object
 * an earlier call returned, so no caller may mutate it.
 */
export function createUserAgentParser(options: UserAgentParserOptions = {}): ParseUserAgent {
  const cacheSize = options.cacheSize ?? DEFAULT_USER_AGENT_CACHE_SIZE;
  if (!Number.isInteger(cacheSize) || cacheSize < 0) {
    throw new RangeError(`cacheSize must be a non-negative integer, got ${cacheSize}`);
  }
  const parse = options.parse ?? defaultParse;
  const isBot = options.isBot ?? isbot;
  const cache = cacheSize > 0 ? new LRUCache<string, Readonly<DeviceInfo>>({ max: cacheSize }) : null;

  return function parseUserAgent(userAgent: string | null): Readonly<DeviceInfo> {
    if (userAgent === null) return NO_DEVICE;
    const key = userAgent.trim().slice(0, USER_AGENT_MAX_LENGTH);
    if (key === '') return NO_DEVICE;
    const cached = cache?.get(key);
    if (cached) return cached;
    const info = Object.freeze(toDeviceInfo(parse(key), isBot(key)));
    cache?.set(key, info);
    return info;
  };
}

/** Maps ua-parser-js's result to DeviceInfo. Exported for tests; pure. */
export function toDeviceInfo(raw: RawUserAgent, isBot: boolean): DeviceInfo {
  const os = nonEmpty(raw.os.name);
  return {
    device_type: isBot ? 'bot' : deviceType(raw.device.type, os),
    browser: nonEmpty(raw.browser.name),
    browser_version: nonEmpty(raw.browser.version),
    os,
    os_version: nonEmpty(raw.os.version),
    is_bot: isBot,
  };
}

function deviceType(type: string | undefined, os: string | null): DeviceType | null {
  switch (type) {
    case 'mobile': return 'mobile';
    case 'tablet': return 'tablet';
    case undefined: case '': return os !== null && isDesktopOs(os) ? 'desktop' : null;
    // console, smarttv, wearable, embedded, xr, and whatever a later ua-parser-js adds.
    default: return 'other';
  }
}

function isDesktopOs(os: string): boolean {
  const name = os.toLowerCase();
  return DESKTOP_OSES.has(name) || name.endsWith('bsd');
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

// How numbers and keys read on the dashboard. Pure (the locale is passed in), so the rounding rules are tested
// without a browser. Conversions are fractional under the multi-touch models: 0.333… of a conversion is real, but
// a table of 12.3456789 is unreadable, so precision shrinks as the number grows.

const DASH = '—';

function fractionDigits(n: number): number {
  const size = Math.abs(n);
  if (size >= 100) return 0;
  if (size >= 10) return 1;
  return 2;
}

/** Conversions: 1,234 · 45.5 · 2.33 · 3 (no trailing zeros); a credit too small for two decimals is "<0.01". */
export function formatConversions(n: number, locale: string): string {
  if (n !== 0 && Math.abs(n) < 0.005) return `<${(0.01).toLocaleString(locale)}`;
  return n.toLocaleString(locale, { maximumFractionDigits: fractionDigits(n) });
}

export function formatCount(n: number, locale: string): string {
  return n.toLocaleString(locale, { maximumFractionDigits: 0 });
}

/** A share of 0..1 as a percentage with one decimal; null (nothing to divide by) is a dash. */
export function formatShare(share: number | null, locale: string): string {
  if (share === null) return DASH;
  return share.toLocaleString(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** Money in the deployment's one currency: cents below 1,000, whole units above; null (no spend reported) a dash. */
export function formatMoney(amount: number | null, currency: string, locale: string): string {
  if (amount === null) return DASH;
  const digits = Math.abs(amount) >= 1000 ? 0 : 2;
  return amount.toLocaleString(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatDays(days: number, locale: string): string {
  return days.toLocaleString(locale, { maximumFractionDigits: days >= 10 ? 0 : 1 });
}

/** A week or day (YYYY-MM-DD, UTC) as the reader's locale writes a date. */
export function formatDate(date: string, locale: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

/** Shorter, for a chart's axis. */
export function formatShortDate(date: string, locale: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' });
}

/**
 * A channel as a person says it (paid_search → "Paid search"); sources, mediums and campaigns are other people's
 * words and are shown exactly as they came, an empty one named so that the cell is not blank.
 */
export function keyLabel(key: string, isChannel: boolean): string {
  if (key === '') return '(empty)';
  if (!isChannel) return key;
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A channel path as the reports write it ("paid_search > email") as "Paid search → Email". */
export function pathLabel(path: string): string {
  return path.split(' > ').map((channel) => keyLabel(channel, true)).join(' → ');
}

/** A snake_case name from the API (a model, a rejection reason) as words. */
export function nameLabel(name: string): string {
  return keyLabel(name, true);
}

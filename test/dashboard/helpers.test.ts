// The dashboard's pure browser-side helpers: how numbers round, how a view reads from and writes to the URL, and
// how the weekly trend becomes lines. Run in Node: none of them touches the DOM.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatConversions, formatDate, formatDays, formatMoney, formatShare, keyLabel, pathLabel,
} from '../../src/hosts/http/dashboard/browser/format.js';
import { trendLines } from '../../src/hosts/http/dashboard/browser/trend-pivot.js';
import {
  addDays, DEFAULT_VIEW, isDate, normalise, reportSearch, searchOfView, trendModel, viewOfSearch,
} from '../../src/hosts/http/dashboard/browser/view.js';

const EN = 'en-US';

describe('dashboard formatting', () => {
  it('rounds fractional conversions less as they grow, without trailing zeros', () => {
    assert.equal(formatConversions(1 / 3, EN), '0.33');
    assert.equal(formatConversions(2.5, EN), '2.5');
    assert.equal(formatConversions(3, EN), '3');
    assert.equal(formatConversions(12.3456, EN), '12.3');
    assert.equal(formatConversions(1234.56, EN), '1,235');
    assert.equal(formatConversions(0, EN), '0');
    assert.equal(formatConversions(0.001, EN), '<0.01');
    assert.equal(formatConversions(0.25, 'de-DE'), '0,25');
  });

  it('writes shares as percentages with one decimal, and no share as a dash', () => {
    assert.equal(formatShare(0.2617, EN), '26.2%');
    assert.equal(formatShare(1, EN), '100.0%');
    assert.equal(formatShare(null, EN), '—');
  });

  it('writes money in the deployment currency: cents under 1,000, whole units above, no spend as a dash', () => {
    assert.equal(formatMoney(878.456, 'USD', EN), '$878.46');
    assert.equal(formatMoney(12_345.6, 'USD', EN), '$12,346');
    assert.equal(formatMoney(12.5, 'EUR', EN), '€12.50');
    assert.equal(formatMoney(0, 'USD', EN), '$0.00');
    assert.equal(formatMoney(null, 'USD', EN), '—');
  });

  it('writes days and dates (UTC, whatever the local zone)', () => {
    assert.equal(formatDays(1.75, EN), '1.8');
    assert.equal(formatDays(23.4, EN), '23');
    assert.equal(formatDate('2026-03-02', EN), 'Mar 2, 2026');
  });

  it('names channels as words and leaves other keys exactly as they came', () => {
    assert.equal(keyLabel('paid_search', true), 'Paid search');
    assert.equal(keyLabel('mobile_push_notifications', true), 'Mobile push notifications');
    assert.equal(keyLabel('Spring_Sale <b>', false), 'Spring_Sale <b>');
    assert.equal(keyLabel('', false), '(empty)');
    assert.equal(pathLabel('paid_search > email > direct'), 'Paid search → Email → Direct');
  });
});

describe('dashboard view in the URL', () => {
  it('reads every filter from a shared URL and writes the same URL back', () => {
    const search = '?entity=contacts&model=linear&by=campaign&from=2026-01-05&to=2026-02-02';
    const view = viewOfSearch(search);
    assert.deepEqual(view, { entity: 'contacts', model: 'linear', by: 'campaign', from: '2026-01-05', to: '2026-02-02' });
    assert.equal(searchOfView(view), search);
  });

  it('leaves defaults out of the URL, and the default view is the bare page', () => {
    assert.equal(searchOfView(DEFAULT_VIEW), '');
    assert.equal(searchOfView({ ...DEFAULT_VIEW, model: 'markov' }), '?model=markov');
  });

  it('opens a link with unreadable values on the defaults instead of failing', () => {
    assert.deepEqual(viewOfSearch('?entity=robots&model=magic&by=colour&from=2026-02-30&to=yesterday&x=1'), DEFAULT_VIEW);
  });

  it('keeps data-driven models by channel and drops a range that runs backwards', () => {
    assert.equal(viewOfSearch('?model=shapley&by=campaign').by, 'channel');
    assert.equal(normalise({ ...DEFAULT_VIEW, from: '2026-03-01', to: '2026-03-01' }).to, null);
    assert.equal(normalise({ ...DEFAULT_VIEW, from: '2026-03-01', to: '2026-03-02' }).to, '2026-03-02');
  });

  it('knows real dates and moves by whole days across months and years', () => {
    assert.equal(isDate('2024-02-29'), true);
    assert.equal(isDate('2026-02-29'), false);
    assert.equal(isDate('2026-3-1'), false);
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  });

  it('asks each report only for the parameters it takes; the trend under markov asks for linear', () => {
    const view = { entity: 'contacts', model: 'markov', by: 'channel', from: '2026-01-01', to: null } as const;
    assert.equal(reportSearch('attribution', view, 10), '?entity=contacts&model=markov&by=channel&from=2026-01-01');
    assert.equal(reportSearch('comparison', view, 10), '?entity=contacts&by=channel&from=2026-01-01');
    assert.equal(reportSearch('trend', view, 10), '?entity=contacts&model=linear&by=channel&from=2026-01-01');
    assert.equal(reportSearch('paths', view, 10), '?entity=contacts&limit=10&from=2026-01-01');
    assert.equal(reportSearch('coverage', view, 10), '?entity=contacts&from=2026-01-01');
    assert.equal(reportSearch('quality', view, 10), '?from=2026-01-01');
    assert.equal(reportSearch('quality', DEFAULT_VIEW, 10), '');
    assert.equal(trendModel({ ...view, model: 'time_decay' }), 'time_decay');
  });
});

describe('dashboard trend lines', () => {
  const rows = [
    { week: '2026-01-12', key: 'email', conversions: 1 },
    { week: '2026-01-05', key: 'paid_search', conversions: 3 },
    { week: '2026-01-12', key: 'paid_search', conversions: 2.5 },
    { week: '2026-01-05', key: 'referral', conversions: 0.5 },
    { week: '2026-01-19', key: 'display', conversions: 0.25 },
  ];

  it('puts every key on every week, largest total first, 0 where it converted nothing', () => {
    const { weeks, lines, other } = trendLines(rows, 10);
    assert.deepEqual(weeks, ['2026-01-05', '2026-01-12', '2026-01-19']);
    assert.deepEqual(lines, [
      { key: 'paid_search', values: [3, 2.5, 0] },
      { key: 'email', values: [0, 1, 0] },
      { key: 'referral', values: [0.5, 0, 0] },
      { key: 'display', values: [0, 0, 0.25] },
    ]);
    assert.equal(other, null);
  });

  it('adds the keys beyond the largest few into one other line', () => {
    const { lines, other } = trendLines(rows, 2);
    assert.deepEqual(lines.map((l) => l.key), ['paid_search', 'email']);
    assert.deepEqual(other, [0.5, 0, 0.25]);
  });
});

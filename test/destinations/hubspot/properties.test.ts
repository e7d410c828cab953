import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExportedTouchpointRef } from '../../../src/core/export/shapes.js';
import { definitionsHash, PROPERTY_GROUP, propertyDefinitions, propertyValues, valuesHash } from '../../../src/destinations/hubspot/properties.js';
import { normaliseDomain } from '../../../src/destinations/hubspot/records.js';

const touch = (o: Partial<ExportedTouchpointRef> = {}): ExportedTouchpointRef => ({
  touchpoint_id: 'visit:s1', occurred_at: '2026-03-01T09:00:00.000Z', channel: 'paid_search', source: 'google',
  medium: 'cpc', campaign: 'Brand', click_id: { type: 'gclid', value: 'abc' }, ...o,
});

describe('HubSpot property definitions', () => {
  it('gives companies the four models and contacts the first touch, six fields each, all in our group', () => {
    const companies = propertyDefinitions('companies');
    const contacts = propertyDefinitions('contacts');
    assert.equal(companies.length, 24);
    assert.equal(contacts.length, 6);
    for (const model of ['first_touch', 'last_touch', 'first_touch_28d', 'original_source']) {
      for (const field of ['channel', 'source', 'medium', 'campaign', 'click_id_type', 'date']) {
        assert.ok(companies.some((d) => d.name === `tributary_${model}_${field}`), `${model} ${field}`);
      }
    }
    assert.deepEqual(contacts.map((d) => d.name), companies.slice(0, 6).map((d) => d.name));
    for (const d of [...companies, ...contacts]) {
      assert.equal(d.groupName, PROPERTY_GROUP.name);
      assert.match(d.name, /^[a-z][a-z0-9_]*$/);
      // The pairings HubSpot's v3 properties API accepts.
      assert.ok((d.type === 'string' && d.fieldType === 'text') || (d.type === 'datetime' && d.fieldType === 'date'), d.name);
    }
    assert.equal(companies.find((d) => d.name === 'tributary_last_touch_date')!.type, 'datetime');
  });

  it('names each definition set by a stable hash', () => {
    assert.equal(definitionsHash('companies'), definitionsHash('companies'));
    assert.notEqual(definitionsHash('companies'), definitionsHash('contacts'));
  });
});

describe('HubSpot property values', () => {
  it('writes the touchpoint fields, the click ID type and the ISO 8601 UTC date', () => {
    const v = propertyValues('contacts', { first_touch: touch() });
    assert.deepEqual(v, {
      tributary_first_touch_channel: 'paid_search', tributary_first_touch_source: 'google',
      tributary_first_touch_medium: 'cpc', tributary_first_touch_campaign: 'Brand',
      tributary_first_touch_click_id_type: 'gclid', tributary_first_touch_date: '2026-03-01T09:00:00.000Z',
    });
  });

  it('clears (empty string) the properties of a null model, a missing campaign and a missing click ID', () => {
    const v = propertyValues('companies', { first_touch: touch({ campaign: null, click_id: null }), last_touch: touch(), first_touch_28d: null, original_source: null });
    assert.equal(v.tributary_first_touch_campaign, '');
    assert.equal(v.tributary_first_touch_click_id_type, '');
    assert.equal(v.tributary_first_touch_28d_channel, '');
    assert.equal(v.tributary_first_touch_28d_date, '');
    assert.equal(v.tributary_original_source_source, '');
    assert.equal(Object.keys(v).length, 24);
  });

  it('hashes equal values equally and different values differently', () => {
    const a = propertyValues('contacts', { first_touch: touch() });
    assert.equal(valuesHash(a), valuesHash(propertyValues('contacts', { first_touch: touch({ touchpoint_id: 'other' }) })));
    assert.notEqual(valuesHash(a), valuesHash(propertyValues('contacts', { first_touch: touch({ source: 'bing' }) })));
  });
});

describe('company domains for the HubSpot search', () => {
  it('keeps the bare host, as HubSpot stores it', () => {
    assert.equal(normaliseDomain('acme.com'), 'acme.com');
    assert.equal(normaliseDomain(' https://www.Acme.com/pricing?x=1 '), 'acme.com');
    assert.equal(normaliseDomain('WWW.acme.co.uk:443'), 'acme.co.uk');
    assert.equal(normaliseDomain(''), null);
    assert.equal(normaliseDomain(null), null);
  });
});

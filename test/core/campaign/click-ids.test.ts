import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLICK_ID_IMPLIES, clickIdsOf, mergeClickIds, primaryClickId } from '../../../src/core/campaign/click-ids.js';
import { CLICK_ID_TYPES } from '../../../src/core/types.js';

describe('click IDs', () => {
  it('every click ID type implies a source and medium', () => {
    assert.deepEqual(Object.keys(CLICK_ID_IMPLIES).sort(), [...CLICK_ID_TYPES].sort());
  });
  it('reads every type from a campaign object, ignoring empty and non-string values', () => {
    const obj = Object.fromEntries(CLICK_ID_TYPES.map((t) => [t, ` ${t}-v `]));
    assert.deepEqual(clickIdsOf({ ...obj, source: 'x' }), Object.fromEntries(CLICK_ID_TYPES.map((t) => [t, `${t}-v`])));
    assert.equal(clickIdsOf({ gclid: '', fbclid: '  ', msclkid: 7, ttclid: null }), null);
    assert.equal(clickIdsOf(null), null);
  });
  it('merges with the first (URL) set winning per type, ordered as CLICK_ID_TYPES', () => {
    const merged = mergeClickIds({ fbclid: 'url-fb', gclid: 'url-g' }, { gclid: 'obj-g', ttclid: 'obj-tt' });
    assert.deepEqual(merged, { gclid: 'url-g', fbclid: 'url-fb', ttclid: 'obj-tt' });
    assert.deepEqual(Object.keys(merged), ['gclid', 'fbclid', 'ttclid']);
    assert.deepEqual(mergeClickIds(null, null), {});
  });
  it('the primary one is the first present in CLICK_ID_TYPES order', () => {
    for (let i = 0; i < CLICK_ID_TYPES.length; i++) {
      const later = Object.fromEntries(CLICK_ID_TYPES.slice(i).map((t) => [t, `v-${t}`]));
      assert.deepEqual(primaryClickId(later), { type: CLICK_ID_TYPES[i], value: `v-${CLICK_ID_TYPES[i]}` });
    }
    assert.equal(primaryClickId({}), null);
  });
});

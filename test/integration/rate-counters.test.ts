// Counters that guard secrets are reserved before the check, atomically: many requests at once never pass a limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/database.js';
import { isRateExhausted, releaseRate, reserveRate } from '../../src/store/rate-counters.js';
import { dialectsToTest } from '../support/databases.js';
import { freshStore } from '../support/store.js';

const window = { limit: 10, windowMs: 60_000 };

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`rate counters (${dialect})`, { skip }, () => {
    let store: Store;
    before(async () => {
      store = await freshStore(dialect);
    });
    after(async () => store?.close());

    it('grants exactly the limit of 40 simultaneous reservations', async () => {
      const now = 1_000_000;
      const answers = await Promise.all(Array.from({ length: 40 }, () => reserveRate(store.db, 'burst', window, now)));
      assert.equal(answers.filter(Boolean).length, 10);
      assert.equal(await isRateExhausted(store.db, 'burst', window, now), true);
    });

    it('starts a new window once the old one has ended', async () => {
      const now = 2_000_000;
      for (let i = 0; i < 10; i++) assert.ok(await reserveRate(store.db, 'windows', window, now));
      assert.equal(await reserveRate(store.db, 'windows', window, now + 59_999), null);
      const fresh = await reserveRate(store.db, 'windows', window, now + 60_000);
      assert.deepEqual(fresh, { key: 'windows', windowEndsAt: now + 120_000 });
    });

    it('gives a released reservation back, but not into a newer window', async () => {
      const now = 3_000_000;
      const reservations = [];
      for (let i = 0; i < 10; i++) reservations.push(await reserveRate(store.db, 'release', window, now));
      await releaseRate(store.db, reservations[0]!);
      assert.ok(await reserveRate(store.db, 'release', window, now), 'the released unit can be reserved again');
      assert.equal(await reserveRate(store.db, 'release', window, now), null);
      const later = await reserveRate(store.db, 'release', window, now + 60_000);
      assert.ok(later);
      await releaseRate(store.db, reservations[1]!);
      for (let i = 0; i < 9; i++) assert.ok(await reserveRate(store.db, 'release', window, now + 60_000));
      assert.equal(await reserveRate(store.db, 'release', window, now + 60_000), null, 'a stale release gave nothing');
    });
  });
}

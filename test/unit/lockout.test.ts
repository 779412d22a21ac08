import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterFailedAttempt, isLockedOut, UNLOCKED } from '../../src/core/lockout.js';

const rules = { threshold: 3, lockMinutes: 30 };
const t0 = 1_000_000;

describe('lockout counting', () => {
  it('locks at the threshold, for the configured minutes', () => {
    let state = UNLOCKED;
    state = afterFailedAttempt(state, rules, t0);
    state = afterFailedAttempt(state, rules, t0 + 1);
    assert.equal(isLockedOut(state, t0 + 2), false);
    state = afterFailedAttempt(state, rules, t0 + 2);
    assert.equal(isLockedOut(state, t0 + 3), true);
    assert.equal(state.lockedUntil, t0 + 2 + 30 * 60_000);
    assert.equal(isLockedOut(state, state.lockedUntil), false);
  });

  it('starts counting afresh after a lock has expired', () => {
    let state = { failedLoginCount: 3, lockedUntil: t0 };
    state = afterFailedAttempt(state, rules, t0 + 1);
    assert.deepEqual(state, { failedLoginCount: 1, lockedUntil: 0 });
  });

  it('never locks when the threshold is 0', () => {
    let state = UNLOCKED;
    for (let i = 0; i < 50; i++) state = afterFailedAttempt(state, { threshold: 0, lockMinutes: 30 }, t0 + i);
    assert.equal(isLockedOut(state, t0 + 100), false);
    assert.equal(state.failedLoginCount, 50);
  });
});

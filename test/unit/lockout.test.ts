import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  afterFailedAttempt,
  afterReleasedAttempt,
  isLockedFor,
  isLockedOut,
  lockoutCeiling,
  UNLOCKED,
} from '../../src/core/lockout.js';

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

describe('smart lockout', () => {
  const rules10 = { threshold: 10, lockMinutes: 30 };

  it('locks unfamiliar clients at the threshold and everyone at twice the threshold', () => {
    let state = UNLOCKED;
    for (let i = 0; i < 10; i++) state = afterFailedAttempt(state, rules10, t0 + i);
    assert.equal(isLockedFor(state, rules10, t0 + 10, false), true);
    assert.equal(isLockedFor(state, rules10, t0 + 10, true), false);
    const lockedAt = state.lockedUntil;
    for (let i = 0; i < 9; i++) state = afterFailedAttempt(state, rules10, t0 + 100 + i);
    assert.equal(state.lockedUntil, lockedAt, 'failures of familiar clients below the ceiling do not extend the lock');
    assert.equal(isLockedFor(state, rules10, t0 + 200, true), false);
    state = afterFailedAttempt(state, rules10, t0 + 300);
    assert.equal(state.failedLoginCount, lockoutCeiling(rules10));
    assert.equal(isLockedFor(state, rules10, t0 + 301, true), true);
    assert.equal(state.lockedUntil, t0 + 300 + 30 * 60_000, 'the ceiling starts a lock of its own');
  });

  it('gives back a reserved failure, and the lock with it once the count is below the threshold', () => {
    let state = UNLOCKED;
    for (let i = 0; i < 10; i++) state = afterFailedAttempt(state, rules10, t0);
    assert.ok(isLockedOut(state, t0 + 1));
    const released = afterReleasedAttempt(state, rules10, t0 + 1);
    assert.deepEqual(released, { failedLoginCount: 9, lockedUntil: 0 });
    const stillLocked = afterReleasedAttempt(afterFailedAttempt(state, rules10, t0 + 2), rules10, t0 + 3);
    assert.equal(stillLocked.failedLoginCount, 10);
    assert.ok(isLockedOut(stillLocked, t0 + 4));
    assert.deepEqual(afterReleasedAttempt(UNLOCKED, rules10, t0), UNLOCKED);
  });
});

// The pure parts of Sign in with a passkey (issue 12): how a challenge is bound to the browser, whose account a
// passkey's user handle names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attemptChallengeHash, browserChallengeHash } from '../../src/services/passkeys/passkey-authentication.js';
import { userHandleNames } from '../../src/services/sign-in/passwordless-sign-in.js';

describe('passwordless challenge binding', () => {
  it('depends on both the browser nonce and the challenge, and differs from an attempt binding', () => {
    const hash = browserChallengeHash('nonce-a', 'challenge');
    assert.match(hash, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(browserChallengeHash('nonce-a', 'challenge'), hash);
    assert.notEqual(browserChallengeHash('nonce-b', 'challenge'), hash, 'another browser');
    assert.notEqual(browserChallengeHash('nonce-a', 'challenge2'), hash, 'another challenge');
    assert.notEqual(browserChallengeHash('', 'challenge'), hash, 'no cookie at all');
    assert.notEqual(attemptChallengeHash('nonce-a', 'challenge'), hash, 'an attempt id of the same value');
  });
});

describe('userHandleNames', () => {
  const userId = 'u_01HZX3';
  const handleOf = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

  it('accepts the handle registration gave (the user id in UTF-8, base64url)', () => {
    assert.equal(userHandleNames(handleOf(userId), userId), true);
  });

  it('refuses another user, a missing or empty handle, and a prefix', () => {
    assert.equal(userHandleNames(handleOf('u_other'), userId), false);
    assert.equal(userHandleNames(undefined, userId), false);
    assert.equal(userHandleNames('', userId), false);
    assert.equal(userHandleNames(handleOf('u_01HZX'), userId), false);
    assert.equal(userHandleNames(handleOf(`${userId}x`), userId), false);
  });
});

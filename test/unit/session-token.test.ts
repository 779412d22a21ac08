import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSessionToken,
  formatSessionToken,
  hashSecret,
  parseSessionToken,
  secretMatches,
} from '../../src/core/session-token.js';

describe('session tokens', () => {
  it('round-trips id.secret and stores only a hash of the secret', () => {
    const token = createSessionToken();
    const parsed = parseSessionToken(formatSessionToken(token));
    assert.deepEqual(parsed, token);
    const stored = hashSecret(token.secret);
    assert.notEqual(stored, token.secret);
    assert.ok(!stored.includes(token.secret));
    assert.equal(secretMatches(token.secret, stored), true);
  });

  it('gives every session a different id and a 256-bit secret', () => {
    const a = createSessionToken();
    const b = createSessionToken();
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.secret, b.secret);
    assert.equal(Buffer.from(a.secret, 'base64url').length, 32);
  });

  it('rejects a wrong secret and malformed cookie values', () => {
    const token = createSessionToken();
    const stored = hashSecret(token.secret);
    assert.equal(secretMatches(`${token.secret}x`, stored), false);
    assert.equal(secretMatches(createSessionToken().secret, stored), false);
    for (const bad of [
      undefined,
      '',
      'no-dot',
      '.secret',
      `${token.id}.`,
      `not-a-uuid.${token.secret}`,
      `${token.id}.sec ret`,
      'x'.repeat(500),
    ]) {
      assert.equal(parseSessionToken(bad), null, String(bad));
    }
  });
});

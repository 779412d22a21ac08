// An OpenID Connect client's identifiers and secrets (issue 10 item 5): random, and compared by hash only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hashClientSecret,
  newClientId,
  newClientSecret,
  secretMatchesAny,
} from '../../src/core/sso/oidc-client-credentials.js';

describe('OpenID Connect client credentials', () => {
  it('makes client_ids of 22 base64url characters and secrets of 43, all different', () => {
    const ids = new Set(Array.from({ length: 100 }, newClientId));
    const secrets = new Set(Array.from({ length: 100 }, newClientSecret));
    assert.equal(ids.size, 100);
    assert.equal(secrets.size, 100);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    for (const secret of secrets) assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
  });

  it('stores the SHA-256 of a secret, never the secret', () => {
    assert.equal(
      hashClientSecret('abc'),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'the SHA-256 test vector of FIPS 180-2',
    );
  });

  it('matches a secret against any of the stored hashes, and nothing else', () => {
    const current = newClientSecret();
    const previous = newClientSecret();
    const hashes = [hashClientSecret(current), hashClientSecret(previous)];
    assert.equal(secretMatchesAny(current, hashes), true);
    assert.equal(secretMatchesAny(previous, hashes), true);
    assert.equal(secretMatchesAny(`${current}x`, hashes), false);
    assert.equal(secretMatchesAny('', hashes), false);
    assert.equal(secretMatchesAny(current, []), false, 'a client without a working secret verifies nothing');
    assert.equal(secretMatchesAny(current, ['not-a-hash']), false);
  });
});

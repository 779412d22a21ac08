// Issue 10: the kid of every OpenID Provider signing key is its RFC 7638 JWK thumbprint, computed by Gatehouse itself.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
// The JOSE library oidc-provider verifies and signs with: an independent implementation to agree with.
import { calculateJwkThumbprint } from 'jose';
import { jwkThumbprint } from '../../src/core/crypto/jwk-thumbprint.js';

/** RFC 7638 §3.1: the example RSA key and, in §3.1's last step, its SHA-256 thumbprint. */
const RFC_7638_KEY = {
  kty: 'RSA',
  n:
    '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhM' +
    'stn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5' +
    'hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

describe('JWK thumbprint (RFC 7638)', () => {
  it('gives the thumbprint RFC 7638 §3.1 gives for its example key', () => {
    assert.equal(jwkThumbprint(RFC_7638_KEY), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('agrees with jose for P-256 and RSA keys, and gives a key and its private form one thumbprint', async () => {
    for (const pair of [
      generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ]) {
      const publicJwk = pair.publicKey.export({ format: 'jwk' });
      const privateJwk = pair.privateKey.export({ format: 'jwk' });
      const thumbprint = jwkThumbprint(publicJwk);
      assert.match(thumbprint, /^[A-Za-z0-9_-]{43}$/, 'base64url of 32 bytes, unpadded');
      assert.equal(thumbprint, await calculateJwkThumbprint(publicJwk as Parameters<typeof calculateJwkThumbprint>[0]));
      assert.equal(jwkThumbprint({ ...privateJwk, kid: 'ignored', use: 'sig' }), thumbprint);
    }
  });

  it('refuses a key type it has no members for, and a key that lacks one', () => {
    assert.throws(() => jwkThumbprint({ kty: 'oct', k: 'c2VjcmV0' }), /no JWK thumbprint for key type oct/);
    assert.throws(() => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'AA' }), /this EC JWK lacks "y"/);
  });
});

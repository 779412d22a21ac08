import assert from 'node:assert/strict';
import { createHash, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  authorizationHeader,
  base64urlToBytes,
  canonicalString,
  generateDeviceKeyPair,
  newNonce,
  sha256Base64url,
} from '../../key/protocol/index.js';

/** The header's four fields; the server parses it the same way. */
function parseAuthorization(header: string): Record<string, string> {
  assert.match(header, /^GatehouseKey device="[^"]+", ts="\d+", nonce="[\w-]+", sig="[\w-]+"$/);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

function verifiesWith(publicKeyJwk: object, text: string, sigBase64url: string): boolean {
  return verify(
    'sha256',
    Buffer.from(text),
    { key: publicKeyJwk as never, format: 'jwk', dsaEncoding: 'ieee-p1363' },
    base64urlToBytes(sigBase64url),
  );
}

describe('Key request signing (protocol §3)', () => {
  it('hashes the body as base64url SHA-256, "" when there is none', async () => {
    assert.equal(await sha256Base64url(''), '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU');
    const body = '{"decision":"accept","number":47}';
    assert.equal(await sha256Base64url(body), createHash('sha256').update(body).digest('base64url'));
  });

  it('builds the canonical text line by line', async () => {
    const text = await canonicalString({
      method: 'post',
      pathAndQuery: '/api/key/v1/requests/r1/decision?x=1',
      ts: '1700000000000',
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
      body: '{"decision":"reject"}',
    });
    assert.equal(
      text,
      [
        'GatehouseKey-v1',
        'POST',
        '/api/key/v1/requests/r1/decision?x=1',
        '1700000000000',
        'AAAAAAAAAAAAAAAAAAAAAA',
        createHash('sha256').update('{"decision":"reject"}').digest('base64url'),
      ].join('\n'),
    );
  });

  it('makes 16-byte base64url nonces, different each time', () => {
    const nonce = newNonce();
    assert.equal(base64urlToBytes(nonce).length, 16);
    assert.match(nonce, /^[\w-]{22}$/);
    assert.notEqual(newNonce(), nonce);
  });

  it('signs so that Node verifies the P1363 signature with the enrolled public JWK', async () => {
    const keys = await generateDeviceKeyPair();
    assert.deepEqual(
      Object.keys(keys.publicKeyJwk).sort(),
      ['crv', 'kty', 'x', 'y'],
      'only the public members are sent',
    );
    assert.ok(keys.privateKeyJwk.d, 'the private key is exported for storage');

    const body = '{"decision":"accept","number":47}';
    const header = await authorizationHeader({
      deviceId: 'dev1',
      privateKeyJwk: keys.privateKeyJwk,
      method: 'POST',
      url: 'https://gh.example/api/key/v1/requests/r1/decision',
      body,
      now: 1_700_000_000_123,
    });
    const fields = parseAuthorization(header);
    assert.equal(fields.device, 'dev1');
    assert.equal(fields.ts, '1700000000123');
    assert.equal(base64urlToBytes(fields.sig!).length, 64, 'r‖s, not DER');

    const signed = await canonicalString({
      method: 'POST',
      pathAndQuery: '/api/key/v1/requests/r1/decision',
      ts: fields.ts!,
      nonce: fields.nonce!,
      body,
    });
    assert.ok(verifiesWith(keys.publicKeyJwk, signed, fields.sig!));
    // Any change (another body, path, time) breaks it: the server can trust every part.
    const tampered = await canonicalString({
      method: 'POST',
      pathAndQuery: '/api/key/v1/requests/r1/decision',
      ts: fields.ts!,
      nonce: fields.nonce!,
      body: '{"decision":"accept","number":12}',
    });
    assert.ok(!verifiesWith(keys.publicKeyJwk, tampered, fields.sig!));
  });

  it('signs GET requests over the path and query, with the hash of ""', async () => {
    const keys = await generateDeviceKeyPair();
    const header = await authorizationHeader({
      deviceId: 'dev1',
      privateKeyJwk: keys.privateKeyJwk,
      method: 'GET',
      url: 'http://localhost:3000/api/key/v1/requests?page=2',
    });
    const fields = parseAuthorization(header);
    const signed = `GatehouseKey-v1\nGET\n/api/key/v1/requests?page=2\n${fields.ts}\n${fields.nonce}\n47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU`;
    assert.ok(verifiesWith(keys.publicKeyJwk, signed, fields.sig!));
    assert.ok(Math.abs(Number(fields.ts) - Date.now()) < 5000);
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { KeyedHash } from '../../src/core/crypto/keyed-hash.js';
import { SecretBox } from '../../src/core/crypto/secret-box.js';
import {
  generateEmergencyToken,
  maskEmergencyToken,
  normalizeEmergencyToken,
} from '../../src/core/otp/emergency-token.js';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips, with a fresh IV every time and no plaintext in the ciphertext', () => {
    const box = new SecretBox(key);
    const a = box.seal('JBSWY3DPEHPK3PXP', 'row-1');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'row-1');
    assert.notEqual(a, b);
    assert.ok(!a.includes('JBSWY3DPEHPK3PXP'));
    assert.ok(a.startsWith(`v1.${box.currentKeyId}.`));
    assert.equal(box.open(a, 'row-1'), 'JBSWY3DPEHPK3PXP');
  });

  it('refuses another context, a tampered value and an unknown key', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('secret', 'row-1');
    assert.throws(() => box.open(sealed, 'row-2'));
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x').toString('base64url');
    assert.throws(() => box.open(parts.join('.'), 'row-1'));
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, 'row-1'), /unknown key/);
  });

  it('opens values of a previous key after rotation', () => {
    const sealed = new SecretBox(key).seal('secret', 'row-1');
    const rotated = new SecretBox(randomBytes(32), [key]);
    assert.equal(rotated.open(sealed, 'row-1'), 'secret');
    assert.notEqual(rotated.seal('secret', 'row-1').split('.')[1], sealed.split('.')[1]);
  });
});

describe('keyed hash', () => {
  it('depends on the key, the purpose and every part', () => {
    const key = randomBytes(32);
    const h = new KeyedHash(key, 'email-code');
    const digest = h.digest('user-1', '123456');
    assert.ok(h.matches(digest, 'user-1', '123456'));
    assert.ok(!h.matches(digest, 'user-1', '123457'));
    assert.ok(!h.matches(digest, 'user-11', '23456'));
    assert.notEqual(new KeyedHash(key, 'other').digest('user-1', '123456'), digest);
    assert.notEqual(new KeyedHash(randomBytes(32), 'email-code').digest('user-1', '123456'), digest);
  });
});

describe('emergency tokens', () => {
  it('are grouped, unambiguous and forgiving to type', () => {
    const token = generateEmergencyToken();
    assert.match(token, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);
    assert.equal(normalizeEmergencyToken(` ${token.toUpperCase().replace(/-/g, ' ')} `), token.replace(/-/g, ''));
    assert.equal(normalizeEmergencyToken('123456'), null);
    assert.ok(!maskEmergencyToken(token).includes(token.slice(2)));
  });
});

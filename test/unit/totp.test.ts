import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  generateTotpSecret,
  hotpCode,
  isBase32Secret,
  matchTotp,
  timeStepAt,
  totpCode,
} from '../../src/core/otp/totp.js';

/** "12345678901234567890" in Base32: the key of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1). */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('HOTP (RFC 4226 Appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  for (const [counter, code] of expected.entries()) {
    it(`counter ${counter} gives ${code}`, () => assert.equal(hotpCode(RFC_SECRET, counter), code));
  }
});

describe('TOTP (RFC 6238 Appendix B, SHA-1, 8 digits)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) {
    it(`T=${seconds} gives ${code}`, () => assert.equal(hotpCode(RFC_SECRET, timeStepAt(seconds * 1000), 8), code));
  }
});

describe('TOTP verification', () => {
  const now = 1_800_000_015_000; // 15 s into a step
  const step = timeStepAt(now);

  it('accepts the current step and one step either side, not two', () => {
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now), now, 0), step);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now, 0), step - 1);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now, 0), step + 1);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now, 0), null);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now, 0), null);
  });

  it('treats the window edges by step, not by seconds', () => {
    const lastMsOfStep = (step + 1) * 30_000 - 1;
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step * 30_000 - 30_000), lastMsOfStep, 0), step - 1);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step * 30_000 - 30_001), lastMsOfStep, 0), null);
  });

  it('never accepts a code at or before the last accepted step (replay)', () => {
    const code = totpCode(RFC_SECRET, now);
    assert.equal(matchTotp(RFC_SECRET, code, now, step), null);
    assert.equal(matchTotp(RFC_SECRET, code, now, step + 1), null);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now, step - 1), null);
    assert.equal(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now, step), step + 1);
  });

  it('refuses malformed codes', () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 123456', '12345a'])
      assert.equal(matchTotp(RFC_SECRET, bad, now, 0), null);
  });

  it('makes 160-bit Base32 secrets without padding', () => {
    const secret = generateTotpSecret();
    assert.equal(secret.length, 32);
    assert.ok(isBase32Secret(secret));
    assert.notEqual(secret, generateTotpSecret());
  });
});

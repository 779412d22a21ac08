import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { hotpCode, secondsLeftInStep, timeStepAt, totpCode } from '../../key/protocol/index.js';
import { generateTotpSecret, totpCode as serverTotpCode } from '../../src/core/otp/totp.js';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** RFC 6238 Appendix B: the seeds are "1234567890" repeated to the hash's length. */
const SEEDS = {
  'SHA-1': ascii('12345678901234567890'),
  'SHA-256': ascii('12345678901234567890123456789012'),
  'SHA-512': ascii('1234567890123456789012345678901234567890123456789012345678901234'),
} as const;

const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('Key TOTP (RFC 6238 Appendix B, 8 digits)', () => {
  for (const [seconds, sha1, sha256, sha512] of VECTORS) {
    it(`T=${seconds}`, async () => {
      const step = timeStepAt(seconds * 1000);
      assert.equal(await hotpCode(SEEDS['SHA-1'], step, 8, 'SHA-1'), sha1);
      assert.equal(await hotpCode(SEEDS['SHA-256'], step, 8, 'SHA-256'), sha256);
      assert.equal(await hotpCode(SEEDS['SHA-512'], step, 8, 'SHA-512'), sha512);
    });
  }

  it('reads the secret as Base32, as the QR code carries it (6 digits by default)', async () => {
    // "12345678901234567890" in Base32; the 6-digit code is the last 6 digits of the 8-digit one.
    assert.equal(await totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000), '287082');
    assert.equal(await totpCode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', 59_000), '287082');
  });
});

describe('Key TOTP against the server', () => {
  it('gives the code the server expects for random secrets and times', async () => {
    for (let i = 0; i < 20; i += 1) {
      const secret = generateTotpSecret();
      const time = randomBytes(4).readUInt32BE() * 1000;
      assert.equal(await totpCode(secret, time), serverTotpCode(secret, time));
    }
  });

  it('counts the seconds left in the current step', () => {
    assert.equal(secondsLeftInStep(0), 30);
    assert.equal(secondsLeftInStep(29_999), 1);
    assert.equal(secondsLeftInStep(30_000), 30);
  });
});

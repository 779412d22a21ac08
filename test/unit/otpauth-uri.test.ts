import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildOtpauthUri, parseOtpauthUri } from '../../src/core/otp/otpauth-uri.js';

describe('otpauth URI', () => {
  it('builds the standard Key URI', () => {
    assert.equal(
      buildOtpauthUri('Gatehouse', 'alice@example.com', 'JBSWY3DPEHPK3PXP'),
      'otpauth://totp/Gatehouse:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('escapes special characters in issuer and login ID and parses them back', () => {
    const issuer = 'ACME & Co: R+D 100%';
    const loginId = "o'brien+test/x@example.com";
    const uri = buildOtpauthUri(issuer, loginId, 'JBSWY3DPEHPK3PXP', {
      enroll: 'https://gh.example/api/key/v1/enroll?t=a&b',
    });
    assert.ok(!uri.includes(' '));
    assert.ok(uri.startsWith("otpauth://totp/ACME%20%26%20Co%3A%20R%2BD%20100%25:o'brien%2Btest%2Fx%40example.com?"));
    const parsed = parseOtpauthUri(uri);
    assert.equal(parsed.issuer, issuer);
    assert.equal(parsed.account, loginId);
    assert.equal(parsed.secret, 'JBSWY3DPEHPK3PXP');
    assert.equal(parsed.params.get('enroll'), 'https://gh.example/api/key/v1/enroll?t=a&b');
  });
});

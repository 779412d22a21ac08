import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKeyUri } from '../../key/protocol/index.js';
import { buildOtpauthUri } from '../../src/core/otp/otpauth-uri.js';

const ENROLL = 'https://gatehouse.example.com/api/key/v1/enroll/setup123.linksecret';

describe('Key URI parsing', () => {
  it('reads secret, issuer, account and the enrolment link from the URI the server builds', () => {
    const uri = buildOtpauthUri('Gatehouse', 'alice@example.com', 'JBSWY3DPEHPK3PXP', { gatehouse_enroll: ENROLL });
    assert.deepEqual(parseKeyUri(uri), {
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Gatehouse',
      account: 'alice@example.com',
      enrollUrl: ENROLL,
    });
  });

  it('reads the example of the protocol document', () => {
    const uri =
      'otpauth://totp/Gatehouse:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30' +
      '&gatehouse_enroll=https%3A%2F%2Fgatehouse.example.com%2Fapi%2Fkey%2Fv1%2Fenroll%2Fsetup123.linksecret';
    assert.equal(parseKeyUri(uri).enrollUrl, ENROLL);
  });

  it('keeps special characters of issuer and account', () => {
    const uri = buildOtpauthUri('ACME & Co: R+D', "o'brien+x@example.com", 'JBSWY3DPEHPK3PXP');
    const parsed = parseKeyUri(uri);
    assert.equal(parsed.issuer, 'ACME & Co: R+D');
    assert.equal(parsed.account, "o'brien+x@example.com");
    assert.equal(parsed.enrollUrl, undefined, 'a plain authenticator QR code has no enrolment link');
  });

  it('takes the issuer from the label when the parameter is missing, and defaults SHA1/6/30', () => {
    assert.deepEqual(parseKeyUri('otpauth://totp/Corp:bob?secret=jbswy3dpehpk3pxp'), {
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Corp',
      account: 'bob',
    });
    assert.deepEqual(parseKeyUri('otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP'), {
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: '',
      account: 'bob',
    });
  });

  const refused: [string, RegExp][] = [
    ['https://example.com/', /not an otpauth/],
    ['otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&counter=1', /time-based/],
    ['otpauth://totp/A:b?issuer=A', /no secret/],
    ['otpauth://totp/A:b?secret=JBSW1Y', /Base32/],
    ['otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256', /SHA1/],
    ['otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=8', /SHA1/],
    ['otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&period=60', /SHA1/],
    ['otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&gatehouse_enroll=javascript%3Aalert(1)', /http/],
    ['otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&gatehouse_enroll=not%20a%20url', /not a valid address/],
  ];
  for (const [uri, message] of refused) {
    it(`refuses ${uri}`, () => assert.throws(() => parseKeyUri(uri), message));
  }
});

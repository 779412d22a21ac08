// A SAML service provider's settings (issue 9 item 2): every rule of the validation, with its message and field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SAML_SETTINGS, type SamlSettings, validateSamlSettings } from '../../src/core/sso/saml-settings.js';
import { ValidationError } from '../../src/core/validation-error.js';
import { EC_PEM, SP_SIGNING_PEM, certificateBody } from '../support/sp-metadata.js';

const GOOD: SamlSettings = {
  ...DEFAULT_SAML_SETTINGS,
  entityId: 'https://sp.example.net/metadata',
  acsUrls: [{ url: 'https://sp.example.net/acs', binding: 'HTTP-POST', index: 0, isDefault: true }],
};

function refusal(changes: Record<string, unknown>): { message: string; field: string | undefined } {
  try {
    validateSamlSettings(changes, GOOD);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return { message: error.message, field: error.field };
  }
  assert.fail(`accepted ${JSON.stringify(changes)}`);
}

const acs = (url: string, extra: Record<string, unknown> = {}) => ({ url, ...extra });

describe('SAML settings', () => {
  it('accepts a complete service and keeps what it was given', () => {
    const settings = validateSamlSettings(
      {
        acsUrls: [
          acs('https://sp.example.net/acs', { index: 5 }),
          acs('http://localhost:3000/acs', { index: 7, isDefault: true }),
        ],
        nameIdFormat: 'persistent',
        nameIdSource: 'customAttribute',
        nameIdAttribute: 'employee_id',
        signing: 'assertion',
        encryptAssertion: true,
        encryptionCertificate: certificateBody(SP_SIGNING_PEM),
        requireSignedRequests: true,
        signingCertificate: SP_SIGNING_PEM,
        attributes: [
          { name: 'mail', nameFormat: 'basic', source: 'email', value: 'ignored' },
          { name: 'urn:oid:2.5.4.42', nameFormat: 'uri', source: 'givenName', value: '' },
          { name: 'Department', nameFormat: 'unspecified', source: 'customAttribute', value: 'department' },
          { name: 'Tier', source: 'constant', value: 'gold' },
          { name: 'Group Name', source: 'group', value: '' },
        ],
        sloUrl: 'https://sp.example.net/slo',
        sloBinding: 'HTTP-POST',
      },
      GOOD,
    );
    assert.deepEqual(
      settings.acsUrls.map((a) => [a.index, a.isDefault, a.binding]),
      [
        [5, false, 'HTTP-POST'],
        [7, true, 'HTTP-POST'],
      ],
    );
    assert.match(settings.encryptionCertificate, /^-----BEGIN CERTIFICATE-----\n/, 'bare base64 becomes PEM');
    assert.equal(settings.attributes[0]?.value, '', 'a user field takes no value');
    assert.equal(settings.attributes[3]?.nameFormat, 'unspecified', 'the name format defaults to unspecified');
  });

  it('makes a lone ACS URL the default', () => {
    assert.equal(
      validateSamlSettings({ acsUrls: [acs('https://sp.example.net/a')] }, GOOD).acsUrls[0]?.isDefault,
      true,
    );
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['no entity ID', { entityId: ' ' }, 'saml.entityId', /^SP Entity ID is required\.$/],
    ['a spaced entity ID', { entityId: 'a b' }, 'saml.entityId', /must not contain spaces/],
    ['a long entity ID', { entityId: 'x'.repeat(1025) }, 'saml.entityId', /at most 1024 characters/],
    ['a placeholder', { entityId: 'google.com/a/{domain}' }, 'saml.entityId', /placeholder \{domain\}/],
    ['no ACS URL', { acsUrls: [] }, 'saml.acsUrls', /^Add at least one ACS URL\.$/],
    [
      '21 ACS URLs',
      { acsUrls: Array.from({ length: 21 }, (_, i) => acs(`https://a.example/${i}`)) },
      'saml.acsUrls',
      /at most 20/,
    ],
    [
      'plain http',
      { acsUrls: [acs('http://sp.example.net/acs')] },
      'saml.acsUrls',
      /^ACS URL 1 must use https \(plain http is allowed only for localhost and 127\.0\.0\.1, for testing\)\.$/,
    ],
    ['not a URL', { acsUrls: [acs('sp.example.net/acs')] }, 'saml.acsUrls', /^ACS URL 1 is not a URL/],
    ['another scheme', { acsUrls: [acs('ftp://sp.example.net/acs')] }, 'saml.acsUrls', /must be an https URL/],
    ['credentials', { acsUrls: [acs('https://me:pw@sp.example.net/acs')] }, 'saml.acsUrls', /user name or password/],
    ['a fragment', { acsUrls: [acs('https://sp.example.net/acs#x')] }, 'saml.acsUrls', /fragment/],
    [
      'Artifact',
      { acsUrls: [acs('https://sp.example.net/acs', { binding: 'HTTP-Artifact' })] },
      'saml.acsUrls',
      /HTTP-POST binding only/,
    ],
    [
      'a bad index',
      { acsUrls: [acs('https://sp.example.net/acs', { index: 70000 })] },
      'saml.acsUrls',
      /index must be a whole number from 0 to 65535/,
    ],
    [
      'twice the same URL',
      { acsUrls: [acs('https://a.example/x', { isDefault: true }), acs('https://a.example/x')] },
      'saml.acsUrls',
      /^ACS URL 2 is the same as ACS URL 1\.$/,
    ],
    [
      'twice the same index',
      {
        acsUrls: [acs('https://a.example/x', { index: 1, isDefault: true }), acs('https://a.example/y', { index: 1 })],
      },
      'saml.acsUrls',
      /indexes must differ/,
    ],
    [
      'no default',
      { acsUrls: [acs('https://a.example/x'), acs('https://a.example/y')] },
      'saml.acsUrls',
      /^Mark one ACS URL as the default\.$/,
    ],
    [
      'two defaults',
      { acsUrls: [acs('https://a.example/x', { isDefault: true }), acs('https://a.example/y', { isDefault: true })] },
      'saml.acsUrls',
      /Only one ACS URL can be the default \(2 are marked\)/,
    ],
    [
      'an unknown ACS field',
      { acsUrls: [acs('https://a.example/x', { colour: 'red' })] },
      'saml.acsUrls[].colour',
      /not a known field/,
    ],
    [
      'an unknown format',
      { nameIdFormat: 'kerberos' },
      'saml.nameIdFormat',
      /^NameID format must be one of emailAddress, unspecified, persistent, transient\.$/,
    ],
    [
      'transient with a login ID',
      { nameIdFormat: 'transient' },
      'saml.nameIdSource',
      /transient NameID is a new random ID/,
    ],
    [
      'emailAddress with a pairwise ID',
      { nameIdSource: 'pairwiseId' },
      'saml.nameIdSource',
      /pairwiseId cannot be sent as a NameID of format emailAddress/,
    ],
    [
      'a random ID kept',
      { nameIdFormat: 'persistent', nameIdSource: 'transientId' },
      'saml.nameIdSource',
      /cannot be sent as a NameID of format persistent/,
    ],
    [
      'no custom attribute',
      { nameIdSource: 'customAttribute', nameIdAttribute: 'Bad Name' },
      'saml.nameIdAttribute',
      /must name a custom attribute/,
    ],
    ['an unknown signing', { signing: 'none' }, 'saml.signing', /^Sign must be one of response, assertion, both\.$/],
    [
      'encryption without certificate',
      { encryptAssertion: true },
      'saml.encryptionCertificate',
      /encrypting assertions needs/,
    ],
    ['a flag as text', { encryptAssertion: 'yes' }, 'saml.encryptAssertion', /must be true or false/],
    [
      'signed requests without certificate',
      { requireSignedRequests: true },
      'saml.signingCertificate',
      /requiring signed AuthnRequests needs/,
    ],
    [
      'a certificate that is not one',
      { signingCertificate: 'not a certificate!' },
      'saml.signingCertificate',
      /is not a PEM certificate/,
    ],
    [
      'a private key',
      { signingCertificate: '-----BEGIN PRIVATE KEY-----\nMII=\n-----END PRIVATE KEY-----' },
      'saml.signingCertificate',
      /must be a certificate \(-----BEGIN CERTIFICATE-----\), not private key/,
    ],
    [
      'an EC certificate',
      { encryptionCertificate: EC_PEM },
      'saml.encryptionCertificate',
      /must hold an RSA key \(this one holds an EC key\)/,
    ],
    [
      'two certificates',
      { signingCertificate: SP_SIGNING_PEM + SP_SIGNING_PEM },
      'saml.signingCertificate',
      /must hold one certificate/,
    ],
    [
      'a damaged certificate',
      { signingCertificate: SP_SIGNING_PEM.replace('MII', 'MIJ') },
      'saml.signingCertificate',
      /not a valid X\.509 certificate/,
    ],
    ['attributes not a list', { attributes: {} }, 'saml.attributes', /^Attributes must be a list\.$/],
    [
      'an unnamed attribute',
      { attributes: [{ name: '', source: 'email' }] },
      'saml.attributes',
      /^Attribute 1: the name is required\.$/,
    ],
    [
      'a spaced basic name',
      { attributes: [{ name: 'first name', nameFormat: 'basic', source: 'givenName' }] },
      'saml.attributes',
      /must not contain spaces/,
    ],
    [
      'a uri name that is not one',
      { attributes: [{ name: 'mail', nameFormat: 'uri', source: 'email' }] },
      'saml.attributes',
      /must be a URI/,
    ],
    [
      'an unknown source',
      { attributes: [{ name: 'mail', source: 'password' }] },
      'saml.attributes',
      /^Attribute 1: the value must be one of loginId/,
    ],
    [
      'a bad custom attribute',
      { attributes: [{ name: 'd', source: 'customAttribute', value: 'Dept!' }] },
      'saml.attributes',
      /the custom attribute must name a custom attribute/,
    ],
    [
      'an empty constant',
      { attributes: [{ name: 't', source: 'constant', value: ' ' }] },
      'saml.attributes',
      /the constant value is required/,
    ],
    [
      'a duplicate name',
      {
        attributes: [
          { name: 'mail', source: 'email' },
          { name: 'mail', source: 'loginId' },
        ],
      },
      'saml.attributes',
      /^Attribute 2 has the name "mail" of attribute 1: names must differ\.$/,
    ],
    ['an http SLO URL', { sloUrl: 'http://sp.example.net/slo' }, 'saml.sloUrl', /^Single Logout URL must use https/],
    [
      'an unknown SLO binding',
      { sloBinding: 'SOAP' },
      'saml.sloBinding',
      /Single Logout binding must be one of HTTP-Redirect, HTTP-POST/,
    ],
    ['an unknown field', { colour: 'blue' }, 'saml.colour', /^Field "saml\.colour" is not a known field\.$/],
  ];
  for (const [what, changes, field, message] of cases) {
    it(`refuses ${what}`, () => {
      const answer = refusal(changes);
      assert.equal(answer.field, field, answer.message);
      assert.match(answer.message, message);
    });
  }

  it('refuses settings that are not an object', () => {
    assert.throws(() => validateSamlSettings('saml', GOOD), /SAML settings must be an object/);
  });
});

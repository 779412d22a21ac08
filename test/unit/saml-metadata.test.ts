// Import SP metadata (issue 9 item 2): what a service provider's metadata fills in, and how bad XML is refused.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { MAX_METADATA_BYTES, parseSpMetadata } from '../../src/core/sso/saml-metadata.js';
import { validateSamlSettings, DEFAULT_SAML_SETTINGS } from '../../src/core/sso/saml-settings.js';
import { ValidationError } from '../../src/core/validation-error.js';
import { BINDINGS, EC_PEM, SP_ENCRYPTION_PEM, SP_SIGNING_PEM, spMetadata } from '../support/sp-metadata.js';

function refusal(xml: unknown): string {
  try {
    parseSpMetadata(xml);
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.field, 'xml');
    return error.message;
  }
  assert.fail('the metadata was accepted');
}

describe('SP metadata import', () => {
  it('fills entity ID, ACS URLs, NameID format, certificates, SLO and the signing flags', () => {
    const imported = parseSpMetadata(
      spMetadata({
        entityId: 'https://sp.example.net/saml/metadata',
        acs: [
          { location: 'https://sp.example.net/acs/artifact', binding: BINDINGS.ARTIFACT, index: 0 },
          { location: 'https://sp.example.net/acs/a', binding: BINDINGS.POST, index: 1 },
          { location: 'https://sp.example.net/acs/b', binding: BINDINGS.POST, index: 2, isDefault: true },
        ],
        slo: [
          { location: 'https://sp.example.net/slo/post', binding: BINDINGS.POST },
          { location: 'https://sp.example.net/slo/redirect', binding: BINDINGS.REDIRECT },
        ],
        nameIdFormats: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
        authnRequestsSigned: true,
        wantAssertionsSigned: true,
        signingCertificate: SP_SIGNING_PEM,
        encryptionCertificate: SP_ENCRYPTION_PEM,
      }),
    );
    const { saml, warnings } = imported;
    assert.equal(saml.entityId, 'https://sp.example.net/saml/metadata');
    assert.deepEqual(saml.acsUrls, [
      { url: 'https://sp.example.net/acs/a', binding: 'HTTP-POST', index: 1, isDefault: false },
      { url: 'https://sp.example.net/acs/b', binding: 'HTTP-POST', index: 2, isDefault: true },
    ]);
    assert.deepEqual([saml.nameIdFormat, saml.nameIdSource], ['persistent', 'pairwiseId']);
    assert.deepEqual([saml.sloUrl, saml.sloBinding], ['https://sp.example.net/slo/redirect', 'HTTP-Redirect']);
    assert.equal(saml.requireSignedRequests, true);
    assert.equal(saml.signing, 'both');
    assert.equal(
      new X509Certificate(saml.signingCertificate ?? '').fingerprint256,
      new X509Certificate(SP_SIGNING_PEM).fingerprint256,
    );
    assert.equal(
      new X509Certificate(saml.encryptionCertificate ?? '').fingerprint256,
      new X509Certificate(SP_ENCRYPTION_PEM).fingerprint256,
    );
    assert.ok(
      warnings.some((w) => w.includes('HTTP-Artifact') && w.includes('acs/artifact')),
      warnings.join('\n'),
    );
    assert.ok(warnings.some((w) => w.includes('Encrypt assertions')));
    // What the import gives is a valid service once merged into the defaults.
    const settings = validateSamlSettings(saml, DEFAULT_SAML_SETTINGS);
    assert.equal(settings.acsUrls.length, 2);
  });

  it('takes the first ACS URL not marked otherwise as the default, and a key without use for both purposes', () => {
    const xml = spMetadata({
      acs: [
        { location: 'https://sp.example.net/acs/1', isDefault: false },
        { location: 'https://sp.example.net/acs/2' },
        { location: 'https://sp.example.net/acs/3' },
      ],
      signingCertificate: SP_SIGNING_PEM,
    }).replace('use="signing"', '');
    const { saml } = parseSpMetadata(xml);
    assert.deepEqual(
      saml.acsUrls?.map((acs) => acs.isDefault),
      [false, true, false],
    );
    assert.ok(saml.signingCertificate && saml.encryptionCertificate, 'a key without use serves both');
  });

  it('accepts an EntitiesDescriptor that holds one service provider', () => {
    const one = spMetadata().replace(/^<\?xml[^>]*>\s*/, '');
    const xml = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${one}</md:EntitiesDescriptor>`;
    assert.equal(parseSpMetadata(xml).saml.entityId, 'https://sp.example.net/saml/metadata');
    const two = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${one}${one}</md:EntitiesDescriptor>`;
    assert.match(refusal(two), /describes 2 service providers/);
  });

  it('refuses malformed XML with the place of the fault', () => {
    assert.match(
      refusal('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'),
      /not well-formed XML/,
    );
    assert.match(refusal('<a x="1" x="2"/>'), /not well-formed XML: .*\(line 1, column \d+\)/);
    assert.match(refusal('just some text'), /not XML/);
    assert.match(refusal(''), /empty/);
    assert.match(refusal(42), /must be XML text/);
  });

  it('refuses a DTD, so no entity (internal, external or parameter) is ever expanded or fetched', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE md:EntityDescriptor [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&secret;"/>`;
    assert.match(refusal(xxe), /document type declaration/);
    const laughs = `<?xml version="1.0"?><!doctype lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    assert.match(refusal(laughs), /document type declaration/);
    assert.match(refusal(spMetadata().replace('<md:SPSSODescriptor', '<!ENTITY x "y"><md:SPSSODescriptor')), /DTD/);
  });

  it('refuses metadata over the size limit before parsing it', () => {
    const padding = `<!-- ${'x'.repeat(MAX_METADATA_BYTES)} -->`;
    assert.match(
      refusal(spMetadata().replace('<md:SPSSODescriptor', `${padding}<md:SPSSODescriptor`)),
      /larger than 256 KiB/,
    );
  });

  it('refuses metadata without an SPSSODescriptor, such as an identity provider’s', () => {
    const idp = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
</md:EntityDescriptor>`;
    assert.match(refusal(idp), /no SPSSODescriptor/);
    assert.match(refusal('<EntityDescriptor entityID="x"/>'), /not a SAML 2.0 EntityDescriptor/);
  });

  it('refuses metadata it cannot use: no HTTP-POST ACS, no entityID, SAML 1 only, a bad or non-RSA certificate', () => {
    assert.match(
      refusal(spMetadata({ acs: [{ location: 'https://sp.example.net/a', binding: BINDINGS.ARTIFACT }] })),
      /no AssertionConsumerService with the HTTP-POST binding/,
    );
    assert.match(refusal(spMetadata().replace(/entityID="[^"]*"/, '')), /no entityID/);
    assert.match(
      refusal(spMetadata().replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:oasis:names:tc:SAML:1.1:protocol')),
      /does not list SAML 2.0/,
    );
    assert.match(
      refusal(spMetadata({ signingCertificate: EC_PEM })),
      /signing certificate in the metadata must hold an RSA key/,
    );
    const broken = spMetadata({ signingCertificate: SP_SIGNING_PEM }).replace(
      /<ds:X509Certificate>\s*MII/,
      '<ds:X509Certificate>MIX',
    );
    assert.match(refusal(broken), /signing certificate in the metadata is not a valid X\.509 certificate/);
  });
});

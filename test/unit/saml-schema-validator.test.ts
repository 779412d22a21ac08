import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VALID, validateSamlMessage } from '../../src/services/saml/saml-schema-validator.js';

const request = (extra = '', issuer = '<saml:Issuer>https://sp.example/saml</saml:Issuer>') =>
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
  ` ID="_a1" Version="2.0" IssueInstant="2026-12-02T10:00:00Z"${extra}>${issuer}</samlp:AuthnRequest>`;

describe('SAML schema validation', () => {
  it('accepts a message the SAML 2.0 protocol schema accepts', async () => {
    assert.equal(await validateSamlMessage(request()), VALID);
    assert.equal(await validateSamlMessage(request(' ForceAuthn="true" IsPassive="false"')), VALID);
  });

  it('refuses what the schema does not allow, malformed XML, another root, and any DTD', async () => {
    for (const xml of [
      request(' Bogus="1"'),
      request(' ForceAuthn="perhaps"'),
      request('', '<saml:Issuer>a</saml:Issuer><saml:Issuer>b</saml:Issuer>'),
      request().replace('ID="_a1" ', ''),
      request().slice(0, -5),
      '<html xmlns="urn:example"/>',
      `<!DOCTYPE r [<!ENTITY x "y">]>${request()}`,
      '',
    ])
      await assert.rejects(validateSamlMessage(xml), /ERR_EXCEPTION_VALIDATE_XML/, xml.slice(0, 80));
  });
});

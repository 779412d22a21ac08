// Issue 9 §4 and §5: a tenant's IdP metadata and certificate, read as a service provider would read them — checked
// against the OASIS schema by xmllint, and trusted to verify signatures made by the active key (xmlsec1, openssl).
import assert from 'node:assert/strict';
import { sign, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SamlSigningKey } from '../../src/contract/admin-api/index.js';
import type { Gatehouse } from '../../src/main.js';
import { IDP_NAME_ID_FORMATS } from '../../src/services/saml/idp-metadata.js';
import type { ActiveSigningKey } from '../../src/services/saml/saml-signing-keys.js';
import { samlify } from '../../src/services/saml/samlify.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  metadataSchemaErrors,
  opensslVerifies,
  pemOfCertificateBody,
  samlToolsSkipReason,
  xmlsecVerifies,
  xpathTexts,
} from '../support/saml-tools.js';
import { assertNoInternals, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PUBLIC_URL = 'https://id.example.org/gatehouse/';
const ENTITY_ID = 'https://id.example.org/gatehouse/saml/example.com/metadata';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const RESPONSE = 'urn:oasis:names:tc:SAML:2.0:protocol:Response';
const toolsSkip = samlToolsSkipReason();

/** XPath over the metadata's elements by local name, whatever prefixes the writer chose. */
const md = (...steps: string[]) => steps.map((step) => `/*[local-name()='${step}']`).join('');
const DESCRIPTOR = md('EntityDescriptor', 'IDPSSODescriptor');
const SIGNING_CERTIFICATES = `${DESCRIPTOR}/*[local-name()='KeyDescriptor'][@use='signing']//*[local-name()='X509Certificate']/text()`;

async function getMetadata(server: TestServer): Promise<string> {
  const answer = await fetch(`${server.baseUrl}/saml/example.com/metadata`);
  assert.equal(answer.status, 200);
  return answer.text();
}

/** The signing certificates a service provider takes from the metadata, as PEM. */
const certificatesOf = (metadata: string) => xpathTexts(metadata, SIGNING_CERTIFICATES).map(pemOfCertificateBody);

/** A SAML Response signed as the SSO endpoint signs one: samlify (xml-crypto), RSA-SHA256, exclusive c14n. */
function signedResponse(key: ActiveSigningKey, issuer: string): string {
  const response =
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_gatehouse-test-response" Version="2.0" ' +
    `IssueInstant="2026-04-01T12:00:00Z"><saml:Issuer>${issuer}</saml:Issuer><samlp:Status>` +
    '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>';
  return samlify.SamlLib.constructSAMLSignature({
    rawSamlMessage: response,
    privateKey: key.privateKeyPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    signingCert: samlify.Utility.normalizeCerString(key.certificatePem),
    isMessageSigned: true,
    isBase64Output: false,
    signatureConfig: {
      prefix: 'ds',
      location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' },
    },
  }) as string;
}

async function activeKeyOf(gatehouse: Gatehouse): Promise<ActiveSigningKey> {
  const tenant = await gatehouse.services.tenants.findByDomain('example.com');
  assert.ok(tenant);
  return gatehouse.services.samlSigningKeys.activeKey(tenant);
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`SAML IdP metadata (${dialect})`, { skip: skip || toolsSkip }, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect, { env: { GATEHOUSE_PUBLIC_URL: PUBLIC_URL } });
    });
    after(async () => server?.close());

    it('serves metadata that the SAML metadata schema accepts, as a download', async () => {
      const answer = await fetch(`${server.baseUrl}/saml/example.com/metadata`);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), 'application/samlmetadata+xml');
      assert.equal(
        answer.headers.get('content-disposition'),
        'attachment; filename="gatehouse-idp-example.com-metadata.xml"',
      );
      assert.equal(metadataSchemaErrors(await answer.text()), '');
    });

    it('names the entity ID, endpoints, bindings and NameID formats of the tenant under GATEHOUSE_PUBLIC_URL', async () => {
      const metadata = await getMetadata(server);
      assert.deepEqual(xpathTexts(metadata, `string(${md('EntityDescriptor')}/@entityID)`), [ENTITY_ID]);
      assert.deepEqual(xpathTexts(metadata, `string(${DESCRIPTOR}/@WantAuthnRequestsSigned)`), ['false']);
      assert.deepEqual(xpathTexts(metadata, `string(${DESCRIPTOR}/@protocolSupportEnumeration)`), [
        'urn:oasis:names:tc:SAML:2.0:protocol',
      ]);
      for (const [element, path] of [
        ['SingleSignOnService', 'sso'],
        ['SingleLogoutService', 'slo'],
      ] as const) {
        const endpoints = `${DESCRIPTOR}/*[local-name()='${element}']`;
        assert.deepEqual(xpathTexts(metadata, `${endpoints}/@Binding`), [
          ` Binding="${REDIRECT}"`,
          ` Binding="${POST}"`,
        ]);
        const location = `https://id.example.org/gatehouse/saml/example.com/${path}`;
        assert.deepEqual(xpathTexts(metadata, `${endpoints}/@Location`), [
          ` Location="${location}"`,
          ` Location="${location}"`,
        ]);
      }
      assert.deepEqual(xpathTexts(metadata, `${DESCRIPTOR}/*[local-name()='NameIDFormat']/text()`), [
        'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      ]);
      assert.equal(IDP_NAME_ID_FORMATS.length, 4);
    });

    it('publishes the active certificate, the same as Download certificate and the admin API list', async () => {
      const metadata = await getMetadata(server);
      const [published, ...others] = certificatesOf(metadata);
      assert.ok(published);
      assert.deepEqual(others, []);
      const download = await fetch(`${server.baseUrl}/saml/example.com/certificate`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'application/x-pem-file');
      assert.equal(download.headers.get('content-disposition'), 'attachment; filename="gatehouse-idp-example.com.pem"');
      const downloaded = new X509Certificate(await download.text());
      assert.equal(new X509Certificate(published).fingerprint256, downloaded.fingerprint256);
      const admin = await signedInClient(server);
      const listed = (await admin.api('GET', '/saml-signing-keys')).json<{ items: SamlSigningKey[] }>().items;
      assert.deepEqual(
        listed.map((key) => [key.state, key.fingerprintSha256]),
        [['active', downloaded.fingerprint256]],
      );
    });

    it('its certificate verifies what the active key signs: an XML signature (xmlsec1) and a raw one (openssl)', async () => {
      const [certificate] = certificatesOf(await getMetadata(server));
      assert.ok(certificate);
      const key = await activeKeyOf(server.gatehouse);
      const signed = signedResponse(key, ENTITY_ID);
      assert.ok(xmlsecVerifies(signed, certificate, RESPONSE), 'xmlsec1 accepts the signed response');
      assert.ok(
        !xmlsecVerifies(signed.replace(`>${ENTITY_ID}<`, '>https://attacker.example/<'), certificate, RESPONSE),
        'and refuses it once changed',
      );
      const data = Buffer.from('SAMLRequest=abc&RelayState=xyz&SigAlg=rsa-sha256');
      assert.ok(opensslVerifies(data, sign('sha256', data, key.privateKey), certificate), 'openssl accepts');
      assert.ok(!opensslVerifies(Buffer.from('other'), sign('sha256', data, key.privateKey), certificate));
    });

    it('keeps a service provider that holds the metadata’s certificates working across a rotation', async () => {
      const admin = await signedInClient(server);
      const before = await activeKeyOf(server.gatehouse);
      const prepared = await admin.api('POST', '/saml-signing-keys');
      assert.equal(prepared.status, 201, prepared.text);
      // The service provider refreshes its metadata while the new certificate is only prepared...
      const held = certificatesOf(await getMetadata(server));
      assert.equal(held.length, 2);
      assert.equal(metadataSchemaErrors(await getMetadata(server)), '');
      const signedBefore = signedResponse(before, ENTITY_ID);
      assert.ok(held.some((certificate) => xmlsecVerifies(signedBefore, certificate, RESPONSE)));
      // ...and still trusts what the IdP signs once it is activated, without refreshing again.
      const activated = await admin.api('POST', `/saml-signing-keys/${prepared.json<SamlSigningKey>().id}/activate`);
      assert.equal(activated.status, 200, activated.text);
      const afterwards = await activeKeyOf(server.gatehouse);
      assert.notEqual(afterwards.id, before.id);
      const signedAfter = signedResponse(afterwards, ENTITY_ID);
      assert.ok(held.some((certificate) => xmlsecVerifies(signedAfter, certificate, RESPONSE)));
      // While one that kept only the old certificate would not: the overlap is what saves it.
      assert.ok(!xmlsecVerifies(signedAfter, before.certificatePem, RESPONSE), 'the old certificate refuses it');
      // After the activation both certificates are still published, the signing one first.
      const now = certificatesOf(await getMetadata(server)).map((pem) => new X509Certificate(pem).fingerprint256);
      assert.deepEqual(now, [afterwards.fingerprintSha256, before.fingerprintSha256]);
    });

    it('answers an unknown tenant with 404 (a page for a browser), and a malformed one with 400, never a 5xx', async () => {
      const browser = new HttpClient(server.baseUrl);
      for (const file of ['metadata', 'certificate']) {
        const page = await browser.request('GET', `/saml/nowhere.example/${file}`, {
          headers: { accept: 'text/html' },
        });
        assert.equal(page.status, 404);
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
        assert.match(page.text, /404 Not Found/);
        assertNoInternals(page.text);
        const api = await browser.request('GET', `/saml/nowhere.example/${file}`);
        assert.equal(api.status, 404);
        assert.equal(api.json<{ error: string }>().error, 'not_found');
      }
      for (const domain of ['x'.repeat(300), '%E0%A4%A', '..', 'EXAMPLE.COM%00', '%3Cscript%3E']) {
        const answer = await browser.request('GET', `/saml/${domain}/metadata`);
        assert.ok(answer.status >= 400 && answer.status < 500, `${domain}: ${answer.status}`);
        assertNoInternals(answer.text);
      }
    });
  });
}

describe('SAML IdP metadata without GATEHOUSE_PUBLIC_URL', { skip: toolsSkip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(async () => server?.close());

  it('takes the entity ID from the origin the request came to', async () => {
    const metadata = await getMetadata(server);
    assert.deepEqual(xpathTexts(metadata, `string(${md('EntityDescriptor')}/@entityID)`), [
      `${server.baseUrl}/saml/example.com/metadata`,
    ]);
    assert.equal(metadataSchemaErrors(metadata), '');
  });
});

// Issue 9 item 2: Import SP metadata through the admin API. The metadata is read, never fetched: what it gives fills
// a service's settings, and bad XML (malformed, with a DTD or entities, oversized, not a service provider's) is
// refused with a message that says why.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectedService, ImportedSpMetadata } from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { assertApiError, signedInClient } from '../support/scenario.js';
import { BINDINGS, SP_ENCRYPTION_PEM, SP_SIGNING_PEM, spMetadata } from '../support/sp-metadata.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Import SP metadata (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    const importXml = (xml: unknown) => admin.api('POST', '/connected-services/import-saml-metadata', { xml });

    it('reads the settings a service provider publishes, and a service made from them is saved as read', async () => {
      const answer = await importXml(
        spMetadata({
          entityId: 'https://crm.example.net/saml',
          acs: [
            { location: 'https://crm.example.net/saml/acs', binding: BINDINGS.POST, index: 3, isDefault: true },
            { location: 'https://crm.example.net/saml/artifact', binding: BINDINGS.ARTIFACT, index: 4 },
          ],
          authnRequestsSigned: true,
          signingCertificate: SP_SIGNING_PEM,
          encryptionCertificate: SP_ENCRYPTION_PEM,
        }),
      );
      assert.equal(answer.status, 200, answer.text);
      const { saml, warnings } = answer.json<ImportedSpMetadata>();
      assert.equal(saml.entityId, 'https://crm.example.net/saml');
      assert.deepEqual(saml.acsUrls, [
        { url: 'https://crm.example.net/saml/acs', binding: 'HTTP-POST', index: 3, isDefault: true },
      ]);
      assert.deepEqual([saml.requireSignedRequests, saml.signing, saml.nameIdFormat], [true, 'both', 'emailAddress']);
      assert.equal(saml.sloUrl, 'https://sp.example.net/saml/slo');
      assert.equal(warnings.length, 2, warnings.join('\n'));

      const created = await admin.api('POST', '/connected-services', { type: 'saml', name: 'CRM', saml });
      assert.equal(created.status, 201, created.text);
      const service = created.json<ConnectedService>();
      assert.equal(service.saml?.entityId, 'https://crm.example.net/saml');
      assert.equal(service.saml?.requireSignedRequests, true);
      assert.match(service.certificates.encryption?.subject ?? '', /sp-encryption/);
      assert.equal(service.saml?.encryptAssertion, false, 'encryption stays the admin’s choice');
      const [entry] = (await admin.api('GET', '/audit-logs?operation=connected-service.create')).json<{
        items: { targetLabel: string }[];
      }>().items;
      assert.equal(entry?.targetLabel, 'CRM');
    });

    it('stores nothing and logs nothing when it reads metadata', async () => {
      const before = (await admin.api('GET', '/connected-services')).text;
      const audit = (await admin.api('GET', '/audit-logs')).text;
      assert.equal((await importXml(spMetadata({ entityId: 'https://never.example' }))).status, 200);
      assert.equal((await admin.api('GET', '/connected-services')).text, before);
      assert.equal((await admin.api('GET', '/audit-logs')).text, audit);
    });

    const refusals: [string, unknown, RegExp][] = [
      [
        'malformed XML',
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:SPSSODescriptor>',
        /^The metadata is not well-formed XML: .*\(line \d+, column \d+\)\.$/,
      ],
      [
        'an external entity (XXE)',
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:1/secret">]>${spMetadata().replace(/^<\?xml[^>]*>/, '')}`,
        /^The metadata contains a document type declaration \(<!DOCTYPE or <!ENTITY\): XML with DTDs is refused\.$/,
      ],
      ['an internal DTD', '<!DOCTYPE lolz [<!ENTITY lol "lol">]><lolz>&lol;</lolz>', /document type declaration/],
      [
        'metadata over 256 KiB',
        spMetadata().replace('</md:EntityDescriptor>', `<!--${'x'.repeat(300_000)}--></md:EntityDescriptor>`),
        /^The metadata is larger than 256 KiB: import the metadata of one service provider\.$/,
      ],
      [
        'an identity provider’s metadata',
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>',
        /^The metadata has no SPSSODescriptor: it does not describe a SAML service provider\.$/,
      ],
      [
        'something else',
        '<html><body>Sign in</body></html>',
        /^The metadata's root element is <html>, not a SAML 2\.0 EntityDescriptor\.$/,
      ],
      ['an empty text', '  ', /^The metadata is empty/],
    ];
    for (const [what, xml, message] of refusals) {
      it(`refuses ${what}`, async () => {
        const error = assertApiError(await importXml(xml), 400, 'validation_failed', 'xml');
        assert.match(error.message, message);
      });
    }

    it('refuses a body that is not one XML text, and one far over the limit before reading it', async () => {
      assertApiError(await importXml(42), 400, 'validation_failed', 'xml');
      assertApiError(
        await admin.api('POST', '/connected-services/import-saml-metadata', {}),
        400,
        'validation_failed',
        'xml',
      );
      const huge = await importXml(`<x>${'y'.repeat(1_000_000)}</x>`);
      assertApiError(huge, 413, 'payload_too_large');
    });
  });
}

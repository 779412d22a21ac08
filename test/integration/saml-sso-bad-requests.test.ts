// What an attacker or a broken service provider sends to /saml/<domain>/sso: every request is answered with a
// clear page and an Access Log entry, never a 5xx, and never a response to an address the service did not register.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import {
  authnRequestPath,
  DOMAIN,
  follow,
  idpCertificateFromMetadata,
  idpUrls,
  postedForm,
  signOnThroughBrowser,
} from '../support/saml-scenario.js';
import { opensslKeyPair, testServiceProvider } from '../support/saml-sp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SIGNED_ENTITY = 'https://signed.example.net/saml';
const SIGNED_ACS = 'https://signed.example.net/saml/acs';
const PLAIN_ENTITY = 'https://plain.example.net/saml';
const PLAIN_ACS = 'https://plain.example.net/saml/acs';

/** An AuthnRequest written by hand, so that each field can be wrong in its own way. */
function authnRequest(
  fields: { issuer?: string; acs?: string; instant?: Date; destination?: string; extra?: string } = {},
) {
  const acs = fields.acs === undefined ? PLAIN_ACS : fields.acs;
  return (
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="_${randomUUID()}" Version="2.0" IssueInstant="${(fields.instant ?? new Date()).toISOString()}"` +
    (fields.destination ? ` Destination="${fields.destination}"` : '') +
    (acs ? ` AssertionConsumerServiceURL="${acs}"` : '') +
    ` ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">` +
    `<saml:Issuer>${fields.issuer ?? PLAIN_ENTITY}</saml:Issuer>${fields.extra ?? ''}</samlp:AuthnRequest>`
  );
}

const redirectPath = (xml: string, relayState = '') =>
  `/saml/${DOMAIN}/sso?${new URLSearchParams({
    SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'),
    ...(relayState ? { RelayState: relayState } : {}),
  })}`;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`SAML requests that are refused (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let browser: HttpClient;
    let idpCertificates: string[];

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      const spKey = opensslKeyPair('signed.example.net');
      const ids: string[] = [];
      for (const [name, entityId, acs, extra] of [
        ['Plain', PLAIN_ENTITY, PLAIN_ACS, {}],
        ['Signed', SIGNED_ENTITY, SIGNED_ACS, { requireSignedRequests: true, signingCertificate: spKey.certificate }],
      ] as const) {
        const created = await admin.api('POST', '/connected-services', {
          type: 'saml',
          name,
          saml: { entityId, acsUrls: [{ url: acs, binding: 'HTTP-POST', index: 0, isDefault: true }], ...extra },
        });
        assert.equal(created.status, 201, created.text);
        ids.push(created.json<{ id: string }>().id);
      }
      const group = await addGroup(admin, { displayName: 'Everything', allowedServices: ids });
      await addUser(admin, { loginId: 'carol@example.com', groupId: group.id });
      browser = await signedInClient(server, 'carol@example.com', GOOD_PASSWORD);
      idpCertificates = await idpCertificateFromMetadata(admin);
      signedKey = spKey;
    });
    after(async () => server?.close());
    let signedKey: ReturnType<typeof opensslKeyPair>;

    async function refusedWith(path: string, reason: string, status = 400) {
      const logged = async () => (await accessLogEntries(admin, { result: 'denied', reason })).length;
      const before = await logged();
      const page = await follow(browser, await browser.request('GET', path));
      assert.equal(page.status, status, page.text.slice(0, 300));
      assert.match(page.text, /You are not allowed to use this service\./);
      assert.doesNotMatch(page.text, /SAMLResponse|sso-post/, 'nothing is posted to the service');
      assert.equal(await logged(), before + 1, `one more Access Log entry with reason ${reason}`);
      return page;
    }

    it('accepts a well-formed hand-written request (the baseline of the cases below)', async () => {
      const page = await follow(browser, await browser.request('GET', redirectPath(authnRequest(), 'rs')));
      assert.equal(postedForm(page).action, PLAIN_ACS);
    });

    it('refuses an unknown service provider, naming it in the Access Log but not on the page', async () => {
      const page = await refusedWith(
        redirectPath(authnRequest({ issuer: 'https://unknown.example/call-555-0100' })),
        'sso-unknown-service',
        403,
      );
      assert.doesNotMatch(page.text, /555-0100/, 'a text the request chose is not shown to the user');
      const [entry] = await accessLogEntries(admin, { reason: 'sso-unknown-service' });
      assert.equal(entry?.service, 'https://unknown.example/call-555-0100');
    });

    it('never answers to an ACS URL the service did not register', async () => {
      await refusedWith(redirectPath(authnRequest({ acs: 'https://attacker.example/acs' })), 'sso-unregistered-url');
    });

    it('refuses malformed XML, a DTD with entities, a non-AuthnRequest and non-base64', async () => {
      await refusedWith(
        redirectPath('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'),
        'sso-bad-request',
      );
      const xxe =
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
        authnRequest({ extra: '' }).replace('</saml:Issuer>', '&x;</saml:Issuer>');
      await refusedWith(redirectPath(xxe), 'sso-bad-request');
      await refusedWith(redirectPath('<x:Other xmlns:x="urn:example"/>'), 'sso-bad-request');
      await refusedWith(`/saml/${DOMAIN}/sso?SAMLRequest=%%%not-base64`, 'sso-bad-request');
      await refusedWith(`/saml/${DOMAIN}/sso`, 'sso-bad-request');
    });

    it('refuses oversized requests and a request that inflates beyond the bound, never with a 5xx', async () => {
      await refusedWith(`/saml/${DOMAIN}/sso?SAMLRequest=${'A'.repeat(12_000)}`, 'sso-bad-request');
      const bomb = authnRequest({ extra: `<!--${'x'.repeat(2_000_000)}-->` });
      await refusedWith(redirectPath(bomb), 'sso-bad-request');
      // Beyond what any request line may carry, Node refuses before Gatehouse reads it; a form beyond the body limit too.
      const long = await browser.request('GET', `/saml/${DOMAIN}/sso?SAMLRequest=${'A'.repeat(70_000)}`);
      assert.equal(long.status, 431);
      const big = await browser.request('POST', `/saml/${DOMAIN}/sso`, { form: { SAMLRequest: 'A'.repeat(100_000) } });
      assert.equal(big.status, 413);
    });

    it('refuses a request issued long ago, and one for another IdP endpoint', async () => {
      await refusedWith(redirectPath(authnRequest({ instant: new Date(Date.now() - 60 * 60_000) })), 'sso-expired');
      await refusedWith(
        redirectPath(authnRequest({ destination: 'https://other-idp.example/sso' })),
        'sso-bad-request',
      );
    });

    it('refuses the same request a second time (replay)', async () => {
      const path = redirectPath(authnRequest());
      postedForm(await follow(browser, await browser.request('GET', path)));
      await refusedWith(path, 'sso-replayed');
    });

    it('takes a request signed as required, and refuses unsigned, wrongly signed and RSA-SHA1-signed ones', async () => {
      const urls = idpUrls(server);
      const spOf = (key?: ReturnType<typeof opensslKeyPair>) =>
        testServiceProvider({
          entityId: SIGNED_ENTITY,
          acsUrl: SIGNED_ACS,
          idpSsoUrl: urls.sso,
          idpEntityId: urls.entityId,
          idpCertificates,
          signingKey: key,
        });
      const good = spOf(signedKey);
      const page = await signOnThroughBrowser(browser, good, null);
      const { profile } = await good.validatePostResponseAsync(postedForm(page).fields);
      assert.equal(profile?.nameID, 'carol@example.com');
      await refusedWith(await authnRequestPath(spOf(), ''), 'sso-bad-signature');
      await refusedWith(await authnRequestPath(spOf(opensslKeyPair('stranger.example')), ''), 'sso-bad-signature');
      const sha1 = testServiceProvider({
        entityId: SIGNED_ENTITY,
        acsUrl: SIGNED_ACS,
        idpSsoUrl: urls.sso,
        idpEntityId: urls.entityId,
        idpCertificates,
        signingKey: signedKey,
        signatureAlgorithm: 'sha1',
      });
      await refusedWith(await authnRequestPath(sha1, ''), 'sso-bad-signature');
    });

    it('refuses a disabled service', async () => {
      const services = (await admin.api('GET', '/connected-services')).json<{
        items: { id: string; name: string }[];
      }>();
      const plain = services.items.find((item) => item.name === 'Plain')!;
      assert.equal((await admin.api('PATCH', `/connected-services/${plain.id}`, { status: 'disabled' })).status, 200);
      await refusedWith(redirectPath(authnRequest()), 'sso-unknown-service', 403);
      await admin.api('PATCH', `/connected-services/${plain.id}`, { status: 'enabled' });
    });

    it('refuses a POST-binding request to a service that requires signed requests when it is unsigned', async () => {
      const xml = authnRequest({ issuer: SIGNED_ENTITY, acs: SIGNED_ACS });
      const answer = await browser.request('POST', `/saml/${DOMAIN}/sso`, {
        form: { SAMLRequest: Buffer.from(xml).toString('base64'), RelayState: 'x' },
      });
      assert.equal(answer.status, 400);
      assert.match(answer.text, /You are not allowed to use this service\./);
    });
  });

  describe(`SAML requests from one address beyond SSO_IP_MAX_PER_MINUTE (${dialect})`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, { env: { SSO_IP_MAX_PER_MINUTE: '3' } });
    });
    after(async () => server?.close());

    it('are refused with 429 before they are read, and logged as throttled', async () => {
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      for (let i = 0; i < 3; i++)
        assert.notEqual((await browser.request('GET', redirectPath(authnRequest()))).status, 429, `request ${i + 1}`);
      const fourth = await browser.request('GET', redirectPath(authnRequest()));
      assert.equal(fourth.status, 429);
      assert.match(fourth.text, /Too many sign-in requests from your network/);
      const admin = await signedInClient(server);
      const [entry] = await accessLogEntries(admin, { reason: 'throttled' });
      assert.ok(entry, 'an Access Log entry');
    });
  });
}

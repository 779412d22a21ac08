// SAML single sign-on against an independent service provider (@node-saml/node-saml), on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SAML } from '@node-saml/node-saml';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import {
  DOMAIN,
  idpCertificateFromMetadata,
  idpUrls,
  postedForm,
  signOnThroughBrowser,
} from '../support/saml-scenario.js';
import { testServiceProvider } from '../support/saml-sp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SP_ENTITY = 'https://wiki.example.net/saml';
const SP_ACS = 'https://wiki.example.net/saml/acs';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`SAML single sign-on (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let serviceId: string;
    let sp: SAML;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      const created = await admin.api('POST', '/connected-services', {
        type: 'saml',
        name: 'Wiki',
        saml: {
          entityId: SP_ENTITY,
          acsUrls: [{ url: SP_ACS, binding: 'HTTP-POST', index: 0, isDefault: true }],
          nameIdFormat: 'emailAddress',
          nameIdSource: 'loginId',
          attributes: [{ name: 'displayName', nameFormat: 'basic', source: 'displayName', value: '' }],
        },
      });
      assert.equal(created.status, 201, created.text);
      serviceId = created.json<{ id: string }>().id;
      await addGroup(admin, { displayName: 'Wiki users', allowedServices: [serviceId] });
      const urls = idpUrls(server);
      sp = testServiceProvider({
        entityId: SP_ENTITY,
        acsUrl: SP_ACS,
        idpSsoUrl: urls.sso,
        idpEntityId: urls.entityId,
        idpCertificates: await idpCertificateFromMetadata(admin),
      });
    });
    after(async () => server?.close());

    async function userInGroup(loginId: string, groupName: string) {
      const groups = (await admin.api('GET', '/groups')).json<{ items: { id: string; displayName: string }[] }>();
      const group = groups.items.find((item) => item.displayName === groupName);
      assert.ok(group, `group ${groupName}`);
      return addUser(admin, { loginId, displayName: `User ${loginId}`, groupId: group.id });
    }

    it('signs a user in at the service provider: password on Gatehouse, the SP accepts the response', async () => {
      await userInGroup('alice@example.com', 'Wiki users');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const page = await signOnThroughBrowser(
        browser,
        sp,
        { loginId: 'alice@example.com', password: GOOD_PASSWORD },
        'page-7',
      );
      const form = postedForm(page);
      assert.equal(form.action, SP_ACS);
      assert.equal(form.fields.RelayState, 'page-7');
      const { profile } = await sp.validatePostResponseAsync(form.fields);
      assert.equal(profile?.nameID, 'alice@example.com');
      assert.equal(profile?.nameIDFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
      assert.equal(profile?.displayName, 'User alice@example.com');
      const [entry] = await accessLogEntries(admin, { loginId: 'alice@example.com', result: 'allowed' });
      assert.equal(entry?.service, 'Wiki');
    });

    it('reuses an existing session: no login form the second time', async () => {
      const browser = await signedInClient(server, 'alice@example.com', GOOD_PASSWORD);
      const page = await signOnThroughBrowser(browser, sp, null);
      const { profile } = await sp.validatePostResponseAsync(postedForm(page).fields);
      assert.equal(profile?.nameID, 'alice@example.com');
    });

    it('refuses a user whose group does not allow the service, with the page and an Access Log entry', async () => {
      await addUser(admin, { loginId: 'bob@example.com' });
      const browser = await signedInClient(server, 'bob@example.com', GOOD_PASSWORD);
      const page = await signOnThroughBrowser(browser, sp, null);
      assert.equal(page.status, 403);
      assert.match(page.text, /You are not allowed to use this service\./);
      assert.doesNotMatch(page.text, /SAMLResponse/);
      const [entry] = await accessLogEntries(admin, { loginId: 'bob@example.com', result: 'denied' });
      assert.equal(entry?.reason, 'service-not-allowed');
      assert.equal(entry?.service, 'Wiki');
    });

    it("refuses when the service's own condition does not hold, though the group allows it", async () => {
      const limited = await admin.api('PATCH', `/connected-services/${serviceId}`, {
        allowAccess: 'conditions',
        allowCondition: 'ip4:192.0.2.0/24',
      });
      assert.equal(limited.status, 200, limited.text);
      try {
        const browser = await signedInClient(server, 'alice@example.com', GOOD_PASSWORD);
        const page = await signOnThroughBrowser(browser, sp, null);
        assert.equal(page.status, 403);
        assert.match(page.text, /You are not allowed to use this service\./);
        assert.match(page.text, /access conditions do not allow it/);
        const [entry] = await accessLogEntries(admin, { loginId: 'alice@example.com', result: 'denied' });
        assert.equal(entry?.reason, 'service-denied');
      } finally {
        await admin.api('PATCH', `/connected-services/${serviceId}`, { allowAccess: 'always' });
      }
    });

    it('Policy Check answers whether a user may use the service, and why', async () => {
      const users = (await admin.api('GET', '/users?q=example.com')).json<{
        items: { id: string; loginId: string }[];
      }>();
      const idOf = (loginId: string) => users.items.find((user) => user.loginId === loginId)!.id;
      const check = async (loginId: string) => {
        const answer = await admin.api(
          'GET',
          `/policy-check?${new URLSearchParams({ userId: idOf(loginId), ip: '203.0.113.9', hasPass: 'false', serviceId })}`,
        );
        assert.equal(answer.status, 200, answer.text);
        return answer.json<{
          allowed: boolean;
          service: string | null;
          steps: { setting: string; outcome: string }[];
        }>();
      };
      const alice = await check('alice@example.com');
      assert.equal(alice.allowed, true);
      assert.equal(alice.service, 'Wiki');
      const bob = await check('bob@example.com');
      assert.equal(bob.allowed, false);
      assert.deepEqual(bob.steps.at(-1), {
        setting: 'Allowed services',
        outcome: 'denied',
        detail: "Wiki is not among the group's allowed services",
      });
      const unknown = await admin.api(
        'GET',
        `/policy-check?${new URLSearchParams({ userId: idOf('bob@example.com'), ip: '203.0.113.9', hasPass: 'false', serviceId: 'nope' })}`,
      );
      assert.equal(unknown.status, 404);
    });

    it('filters the Access Logs and their CSV by service', async () => {
      const wiki = await accessLogEntries(admin, { service: 'wik' });
      assert.ok(wiki.length > 0 && wiki.every((entry) => entry.service === 'Wiki'));
      const csv = await admin.request('GET', `/api/admin/${DOMAIN}/v1/access-logs.csv?service=Wiki`);
      assert.equal(csv.status, 200);
      assert.match(csv.text, /Service/);
      assert.match(csv.text, /,Wiki,/);
    });

    it('keeps signing on across a certificate rotation for an SP that refreshed the metadata in the overlap', async () => {
      const urls = idpUrls(server);
      const spHolding = (certificates: string[]) =>
        testServiceProvider({
          entityId: SP_ENTITY,
          acsUrl: SP_ACS,
          idpSsoUrl: urls.sso,
          idpEntityId: urls.entityId,
          idpCertificates: certificates,
        });
      const oldOnly = await idpCertificateFromMetadata(admin);
      const prepared = await admin.api('POST', '/saml-signing-keys');
      assert.equal(prepared.status, 201, prepared.text);
      const both = await idpCertificateFromMetadata(admin);
      assert.equal(both.length, 2, 'the prepared certificate is published beside the active one');
      const activated = await admin.api('POST', `/saml-signing-keys/${prepared.json<{ id: string }>().id}/activate`);
      assert.equal(activated.status, 200, activated.text);
      const browser = await signedInClient(server, 'alice@example.com', GOOD_PASSWORD);
      const refreshed = spHolding(both);
      const fields = postedForm(await signOnThroughBrowser(browser, refreshed, null)).fields;
      assert.equal((await refreshed.validatePostResponseAsync(fields)).profile?.nameID, 'alice@example.com');
      const stale = spHolding(oldOnly);
      const staleFields = postedForm(await signOnThroughBrowser(browser, stale, null)).fields;
      await assert.rejects(
        stale.validatePostResponseAsync(staleFields),
        /signature/i,
        'only the old certificate: refused',
      );
    });

    it('answers each request once: a second visit of the same request page is refused', async () => {
      const browser = await signedInClient(server, 'alice@example.com', GOOD_PASSWORD);
      const page = await signOnThroughBrowser(browser, sp, null);
      postedForm(page);
      const again = await browser.request('GET', page.path);
      assert.equal(again.status, 400);
      assert.match(again.text, /already used|expired/);
    });
  });
}

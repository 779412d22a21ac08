// SAML features against the independent SP: bindings, NameID formats, encryption, ForceAuthn, IsPassive, OTP step-up,
// IdP-initiated sign-on, a tampered response, and Debian's xmlsec1 on a saved response.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SAML } from '@node-saml/node-saml';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { oathtoolCode, otpToolsSkipReason, registerAuthenticatorApp } from '../support/otp-tools.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import {
  DOMAIN,
  follow,
  idpCertificateFromMetadata,
  idpUrls,
  postedForm,
  signOnThroughBrowser,
} from '../support/saml-scenario.js';
import { type KeyPair, opensslKeyPair, type TestSpOptions, testServiceProvider } from '../support/saml-sp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const toolsMissing = otpToolsSkipReason();

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`SAML single sign-on features (${dialect})`, { skip: skip || toolsMissing }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let idpCertificates: string[];
    let groupId: string;
    let encryptionKey: KeyPair;
    const serviceIds: string[] = [];

    async function addService(name: string, saml: Record<string, unknown>, extra: Record<string, unknown> = {}) {
      const entityId = `https://${name.toLowerCase()}.example.net/saml`;
      const created = await admin.api('POST', '/connected-services', {
        type: 'saml',
        name,
        ...extra,
        saml: {
          entityId,
          acsUrls: [{ url: `${entityId}/acs`, binding: 'HTTP-POST', index: 0, isDefault: true }],
          ...saml,
        },
      });
      assert.equal(created.status, 201, created.text);
      serviceIds.push(created.json<{ id: string }>().id);
      assert.equal((await admin.api('PATCH', `/groups/${groupId}`, { allowedServices: serviceIds })).status, 200);
      return { id: serviceIds.at(-1)!, entityId, acs: `${entityId}/acs` };
    }

    function spFor(service: { entityId: string; acs: string }, options: Partial<TestSpOptions> = {}): SAML {
      const urls = idpUrls(server);
      return testServiceProvider({
        entityId: service.entityId,
        acsUrl: service.acs,
        idpSsoUrl: urls.sso,
        idpEntityId: urls.entityId,
        idpCertificates,
        ...options,
      });
    }

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      groupId = (await addGroup(admin, { displayName: 'Staff' })).id;
      await addUser(admin, {
        loginId: 'dana@example.com',
        email: 'dana@mail.example',
        groupId,
        attributes: { employee_id: 'E-42' },
      });
      idpCertificates = await idpCertificateFromMetadata(admin);
      encryptionKey = opensslKeyPair('crypt.example.net');
    });
    after(async () => server?.close());

    it('signs on over the POST binding as over the Redirect binding', async () => {
      const service = await addService('Posted', {});
      const sp = spFor(service, { postBinding: true });
      const form = await sp.getAuthorizeFormAsync('after-post', undefined, {});
      const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(form)?.[1];
      assert.ok(samlRequest);
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const posted = await browser.request('POST', `/saml/${DOMAIN}/sso`, {
        form: { SAMLRequest: samlRequest, RelayState: 'after-post' },
      });
      const page = await follow(browser, posted);
      const fields = postedForm(page).fields;
      assert.equal(fields.RelayState, 'after-post');
      assert.equal((await sp.validatePostResponseAsync(fields)).profile?.nameID, 'dana@example.com');
    });

    it('sends each NameID format with its value: email, a custom attribute, pairwise persistent, transient', async () => {
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const nameIdOf = async (name: string, saml: Record<string, unknown>, format: string) => {
        const sp = spFor(await addService(name, saml), { identifierFormat: format });
        const page = await signOnThroughBrowser(browser, sp, null);
        return (await sp.validatePostResponseAsync(postedForm(page).fields)).profile!;
      };
      const unspecified = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
      const persistent = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
      const transient = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
      const email = await nameIdOf(
        'ByEmail',
        { nameIdFormat: 'emailAddress', nameIdSource: 'email' },
        'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      );
      assert.equal(email.nameID, 'dana@mail.example');
      const custom = await nameIdOf(
        'ByAttr',
        { nameIdFormat: 'unspecified', nameIdSource: 'customAttribute', nameIdAttribute: 'employee_id' },
        unspecified,
      );
      assert.equal(custom.nameID, 'E-42');
      const first = await nameIdOf('Pairwise', { nameIdFormat: 'persistent', nameIdSource: 'pairwiseId' }, persistent);
      assert.match(first.nameID, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(first.nameIDFormat, persistent);
      const other = await nameIdOf('Pairwise2', { nameIdFormat: 'persistent', nameIdSource: 'pairwiseId' }, persistent);
      assert.notEqual(other.nameID, first.nameID, 'another service sees another ID');
      const t1 = await nameIdOf('Transient', { nameIdFormat: 'transient', nameIdSource: 'transientId' }, transient);
      assert.equal(t1.nameIDFormat, transient);
      assert.notEqual(t1.nameID, 'dana@example.com');
    });

    it('encrypts the assertion with the SP certificate; the SP decrypts it', async () => {
      const service = await addService('Sealed', {
        encryptAssertion: true,
        encryptionCertificate: encryptionKey.certificate,
      });
      const sp = spFor(service, { decryptionKey: encryptionKey });
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const fields = postedForm(await signOnThroughBrowser(browser, sp, null)).fields;
      const xml = Buffer.from(fields.SAMLResponse!, 'base64').toString('utf8');
      assert.match(xml, /EncryptedAssertion/);
      assert.doesNotMatch(xml, /dana@example\.com/, 'the NameID travels encrypted');
      assert.equal((await sp.validatePostResponseAsync(fields)).profile?.nameID, 'dana@example.com');
    });

    it('a tampered response is rejected by the SP, and xmlsec1 verifies the untouched one', async () => {
      const service = await addService('Checked', { signing: 'response' });
      const sp = spFor(service, { wantAssertionsSigned: false });
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const fields = postedForm(await signOnThroughBrowser(browser, sp, null)).fields;
      const xml = Buffer.from(fields.SAMLResponse!, 'base64').toString('utf8');
      const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-xmlsec-'));
      try {
        writeFileSync(path.join(dir, 'response.xml'), xml);
        writeFileSync(
          path.join(dir, 'idp.pem'),
          `-----BEGIN CERTIFICATE-----\n${idpCertificates[0]!.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`,
        );
        const verify = (file: string) =>
          execFileSync(
            'xmlsec1',
            [
              '--verify',
              '--pubkey-cert-pem',
              path.join(dir, 'idp.pem'),
              '--id-attr:ID',
              'urn:oasis:names:tc:SAML:2.0:protocol:Response',
              path.join(dir, file),
            ],
            { stdio: 'pipe' },
          ).toString();
        verify('response.xml');
        writeFileSync(path.join(dir, 'tampered.xml'), xml.replace('dana@example.com', 'admin@example.com'));
        assert.throws(() => verify('tampered.xml'), 'xmlsec1 refuses the tampered response');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const tampered = Buffer.from(xml.replace('dana@example.com', 'admin@example.com')).toString('base64');
      // Another instance of the SP that does not track its requests: only the signature can make it refuse.
      const forgetful = spFor(service, { wantAssertionsSigned: false, validateInResponseTo: false });
      await assert.rejects(forgetful.validatePostResponseAsync({ ...fields, SAMLResponse: tampered }), /signature/i);
      assert.equal((await sp.validatePostResponseAsync(fields)).profile?.nameID, 'dana@example.com');
    });

    it('ForceAuthn makes a signed-in user sign in again', async () => {
      const sp = spFor(await addService('Forced', {}), { forceAuthn: true });
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const asked = await signOnThroughBrowser(browser, sp, null);
      assert.match(asked.path, new RegExp(`^/portal/${DOMAIN}/login\\?next=`), 'the login form, despite the session');
      const page = await signOnThroughBrowser(browser, sp, { loginId: 'dana@example.com', password: GOOD_PASSWORD });
      assert.equal((await sp.validatePostResponseAsync(postedForm(page).fields)).profile?.nameID, 'dana@example.com');
    });

    it('IsPassive without a session answers NoPassive to the SP instead of showing a page', async () => {
      const sp = spFor(await addService('Passive', {}), { passive: true });
      const page = await signOnThroughBrowser(new HttpClient(server.baseUrl, DOMAIN), sp, null);
      const fields = postedForm(page).fields;
      const xml = Buffer.from(fields.SAMLResponse!, 'base64').toString('utf8');
      assert.match(xml, /urn:oasis:names:tc:SAML:2\.0:status:NoPassive/);
      const { profile } = await sp.validatePostResponseAsync(fields);
      assert.equal(profile, null, 'the SP learns that nobody is signed in');
    });

    it('steps a session without OTP up to the OTP step when the service requires OTP', async () => {
      const user = await addUser(admin, { loginId: 'erin@example.com', groupId });
      const secret = await registerAuthenticatorApp(admin, user.id, Date.now() - 30_000);
      const sp = spFor(await addService('Payroll', {}, { requireOtp: 'always' }));
      const browser = await signedInClient(server, 'erin@example.com', GOOD_PASSWORD);
      const asked = await signOnThroughBrowser(browser, sp, null);
      assert.equal(asked.path, `/portal/${DOMAIN}/login/otp`, 'the OTP step, not the password');
      const token = /name="_csrf" value="([^"]+)"/.exec(asked.text)?.[1] ?? '';
      const page = await follow(
        browser,
        await browser.request('POST', `/portal/${DOMAIN}/login/otp`, {
          form: { _csrf: token, code: oathtoolCode(secret) },
        }),
      );
      const { profile } = await sp.validatePostResponseAsync(postedForm(page).fields);
      assert.equal(profile?.nameID, 'erin@example.com');
      const entries = await accessLogEntries(admin, { loginId: 'erin@example.com' });
      assert.ok(entries.some((entry) => entry.reason === 'otp-step-up' && entry.service === 'Payroll'));
      assert.ok(entries.some((entry) => entry.result === 'allowed' && entry.service === 'Payroll' && entry.otpMethod));
    });

    it("single logout: the SP's LogoutRequest ends the Gatehouse session and a signed LogoutResponse goes back", async () => {
      const sloUrl = 'https://leaving.example.net/saml/slo';
      const service = await addService('Leaving', { sloUrl, sloBinding: 'HTTP-Redirect' });
      const sp = spFor(service, { idpSloUrl: `${server.baseUrl}/saml/${DOMAIN}/slo`, spSloUrl: sloUrl });
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const { profile } = await sp.validatePostResponseAsync(
        postedForm(await signOnThroughBrowser(browser, sp, null)).fields,
      );
      assert.ok(profile?.sessionIndex, 'the assertion carried a session index');
      const logout = new URL(await sp.getLogoutUrlAsync(profile!, 'bye', {}));
      const answer = await browser.request('GET', logout.pathname + logout.search);
      assert.equal(answer.status, 303, `${logout.pathname}${logout.search.slice(0, 80)} ${answer.text.slice(0, 300)}`);
      const back = new URL(answer.headers.get('location')!);
      assert.equal(back.origin + back.pathname, sloUrl);
      const query = Object.fromEntries(back.searchParams);
      const validated = await sp.validateRedirectAsync(query, back.search.slice(1));
      assert.equal(validated.loggedOut, true);
      const portal = await browser.request('GET', `/portal/${DOMAIN}/`);
      assert.equal(portal.status, 303, 'the Gatehouse session has ended');
    });

    it("starts IdP-initiated sign-on from the portal's tile, without InResponseTo; lists only allowed services", async () => {
      const service = await addService('Portal', {});
      const sp = spFor(service);
      const hidden = await admin.api('POST', '/connected-services', {
        type: 'saml',
        name: 'Not for staff',
        saml: {
          entityId: 'https://hidden.example.net/saml',
          acsUrls: [{ url: 'https://hidden.example.net/acs', binding: 'HTTP-POST', index: 0, isDefault: true }],
        },
      });
      assert.equal(hidden.status, 201);
      const browser = await signedInClient(server, 'dana@example.com', GOOD_PASSWORD);
      const home = await browser.request('GET', `/portal/${DOMAIN}/`);
      assert.match(home.text, /Your services/);
      assert.doesNotMatch(home.text, /Not for staff/);
      const tile = new RegExp(
        `<form method="post" action="(/portal/${DOMAIN}/sso/start/${service.id})">\\s*<input type="hidden" name="_csrf" value="([^"]+)"><button type="submit" class="tile">Portal</button>`,
      ).exec(home.text);
      assert.ok(tile, 'the tile of the allowed service');
      const page = await follow(browser, await browser.request('POST', tile[1]!, { form: { _csrf: tile[2]! } }));
      const fields = postedForm(page).fields;
      assert.doesNotMatch(Buffer.from(fields.SAMLResponse!, 'base64').toString('utf8'), /InResponseTo/);
      assert.equal((await sp.validatePostResponseAsync(fields)).profile?.nameID, 'dana@example.com');
      const forged = await browser.request('POST', tile[1]!, { form: { _csrf: 'forged' } });
      assert.equal(forged.status, 403, 'another site cannot start it without the CSRF token');
    });
  });
}

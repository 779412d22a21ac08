// SAML single sign-on in real Chromium through Gatehouse's own pages, on SQLite: a service provider on 127.0.0.1
// (node:http + @node-saml/node-saml, independent of Gatehouse's SAML code) sends the browser to Gatehouse; the
// user signs in with password and an authenticator app code (oathtool), and Gatehouse's answer page posts the
// signed Response to the SP's ACS under its strict CSP; the SP validates it. A user whose group does not allow the
// service gets Gatehouse's refusal page and the SP hears nothing; the portal's tile starts IdP-initiated sign-on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumSkipReason, launchChromium } from '../support/browser.js';
import type { HttpClient } from '../support/http-client.js';
import { oathtoolCode, otpToolsSkipReason, registerAuthenticatorApp } from '../support/otp-tools.js';
import { DOMAIN, idpCertificateFromMetadata, idpUrls } from '../support/saml-scenario.js';
import { type SamlSpServer, SP_RELAY_STATE, startSamlSpServer } from '../support/saml-sp-server.js';
import { testServiceProvider } from '../support/saml-sp.js';
import { addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SERVICE_NAME = 'Team Wiki';
const ALLOWED_USER = 'alice.sso@example.com';
const DEFAULT_USER = 'bob.sso@example.com';
const SCREENSHOT = '/tmp/gatehouse-e2e-saml-sso.png';

describe(
  'SAML single sign-on in Chromium (sqlite)',
  { skip: chromiumSkipReason() || otpToolsSkipReason(), timeout: 90_000 },
  () => {
    let spServer: SamlSpServer;
    let server: TestServer;
    let browser: Browser;
    let admin: HttpClient;
    let otpSecret: string;

    before(async () => {
      [spServer, server, browser] = await Promise.all([
        startSamlSpServer(),
        startTestServer('sqlite'),
        launchChromium(),
      ]);
      admin = await signedInClient(server);
      const created = await admin.api('POST', '/connected-services', {
        type: 'saml',
        name: SERVICE_NAME,
        saml: {
          entityId: spServer.entityId,
          acsUrls: [{ url: spServer.acsUrl, binding: 'HTTP-POST', index: 0, isDefault: true }],
          nameIdFormat: 'emailAddress',
          nameIdSource: 'loginId',
        },
      });
      assert.equal(created.status, 201, created.text);
      const serviceId = created.json<{ id: string }>().id;
      const group = await addGroup(admin, {
        displayName: 'Wiki users',
        allowedServices: [serviceId],
        skipOtp: 'always-require',
      });
      const alice = await addUser(admin, { loginId: ALLOWED_USER, displayName: 'Alice SSO', groupId: group.id });
      // The app's code of the previous step: the codes typed in the browser later are newer, never a replay.
      otpSecret = await registerAuthenticatorApp(admin, alice.id, Date.now() - 30_000);
      await addUser(admin, { loginId: DEFAULT_USER, displayName: 'Bob SSO' });
      const urls = idpUrls(server);
      spServer.use(
        testServiceProvider({
          entityId: spServer.entityId,
          acsUrl: spServer.acsUrl,
          idpSsoUrl: urls.sso,
          idpEntityId: urls.entityId,
          idpCertificates: await idpCertificateFromMetadata(admin),
        }),
      );
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await spServer?.close();
    });

    /** A fresh browser profile, with CSP violations and page errors collected; screenshots the page on failure. */
    async function inFreshContext(name: string, walk: (page: Page) => Promise<void>): Promise<void> {
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      try {
        await walk(page);
        assert.deepEqual(problems, [], 'no CSP violation or page error');
      } catch (error) {
        await page
          .screenshot({ path: SCREENSHOT.replace('.png', `-${name}.png`), fullPage: true })
          .catch(() => undefined);
        throw error;
      } finally {
        await context.close();
      }
    }

    async function fillLogin(page: Page, loginId: string): Promise<void> {
      await page.getByLabel('Login ID').fill(loginId);
      await page.getByLabel('Password').fill(GOOD_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
    }

    async function answerOtp(page: Page, code: string): Promise<void> {
      await page.waitForURL(`${server.baseUrl}/portal/${DOMAIN}/login/otp`);
      await page.getByRole('heading', { name: 'One-Time Password' }).waitFor();
      await page.getByLabel('One-Time Password').fill(code);
      await page.getByRole('button', { name: 'Verify' }).click();
    }

    /** The SP's own page after its ACS accepted Gatehouse's Response (the portal says "Signed in as" too). */
    async function spSignedInText(page: Page): Promise<string> {
      await page.waitForURL(spServer.acsUrl);
      const heading = page.locator('#sp-signed-in');
      await heading.waitFor();
      return heading.innerText();
    }

    it('SP-initiated: the SP sends the browser to Gatehouse; password, then OTP, and the SP accepts the Response', async () => {
      await inFreshContext('sp-initiated', async (page) => {
        const callsBefore = spServer.acsCalls.length;
        // The server's first SAML message loads its schema validator (libxml2 in JavaScript), which takes seconds.
        await page.goto(spServer.protectedUrl, { timeout: 45_000 });
        await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname === `/portal/${DOMAIN}/login`);
        await fillLogin(page, ALLOWED_USER);
        const posted = page.waitForRequest((request) => request.url() === spServer.acsUrl);
        await answerOtp(page, oathtoolCode(otpSecret));
        assert.equal(await spSignedInText(page), `Signed in as ${ALLOWED_USER}`);
        assert.deepEqual(spServer.acsCalls.slice(callsBefore), [{ relayState: SP_RELAY_STATE, nameId: ALLOWED_USER }]);
        // The SP is no rubber stamp: the same Response posted again answers an InResponseTo it has already used.
        const replay = await fetch(spServer.acsUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: (await posted).postData() ?? '',
        });
        assert.equal(replay.status, 403);
        assert.match(await replay.text(), /InResponseTo/);
      });
    });

    it('a user whose group does not allow the service sees the refusal page, and nothing reaches the SP', async () => {
      await inFreshContext('refused', async (page) => {
        const callsBefore = spServer.acsCalls.length;
        await page.goto(spServer.protectedUrl);
        await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname === `/portal/${DOMAIN}/login`);
        const refusal = page.waitForResponse((response) =>
          response.url().startsWith(`${server.baseUrl}/portal/${DOMAIN}/sso/`),
        );
        await fillLogin(page, DEFAULT_USER);
        assert.equal((await refusal).status(), 403);
        await page.getByRole('heading', { name: 'You are not allowed to use this service.' }).waitFor();
        assert.equal(new URL(page.url()).origin, server.baseUrl, 'the browser stays on Gatehouse');
        assert.equal(await page.locator('p.service').innerText(), SERVICE_NAME);
        assert.equal(await page.locator('form').count(), 0, 'no form to post anything to the service');
        assert.equal(spServer.acsCalls.length, callsBefore, "the SP's ACS was never called");
      });
    });

    it("IdP-initiated: the portal's tile under Your services opens the service, signed in", async () => {
      await inFreshContext('portal-tile', async (page) => {
        const callsBefore = spServer.acsCalls.length;
        await page.goto(`${server.baseUrl}/portal/${DOMAIN}/`);
        await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname === `/portal/${DOMAIN}/login`);
        await fillLogin(page, ALLOWED_USER);
        // The next step's code: the first test may have used the current one, and a code is taken only once.
        await answerOtp(page, oathtoolCode(otpSecret, Date.now() + 30_000));
        await page.getByRole('heading', { name: 'Welcome' }).waitFor();
        await page.getByRole('heading', { name: 'Your services' }).waitFor();
        const tile = page.getByRole('listitem').getByRole('button', { name: SERVICE_NAME, exact: true });
        await tile.click();
        assert.equal(await spSignedInText(page), `Signed in as ${ALLOWED_USER}`);
        assert.deepEqual(spServer.acsCalls.slice(callsBefore), [{ relayState: undefined, nameId: ALLOWED_USER }]);
      });
    });
  },
);

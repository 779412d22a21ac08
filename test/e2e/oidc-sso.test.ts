// OpenID Connect single sign-on end to end (issue 10) in real Chromium against a real server on SQLite: an
// administrator registers a third-party client in the console (Require OTP: Always require) and allows it to a group;
// a user of that group opens a small relying party (node:http + panva's openid-client, independent of Gatehouse's
// OpenID Provider code), signs in on Gatehouse's pages with the password, is stepped up to a Gatehouse Key approval
// that the real `gatehouse-key` command answers, allows the client on the consent page, and the relying party shows
// the claims of the ID token it checked against Gatehouse's JWKS. A second sign-in at the relying party asks
// nothing: the Gatehouse session and the consent are remembered.
// Needs the built console and Key CLI (npm run build, which `npm test` runs first).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  assertConsoleBuilt,
  chromiumSkipReason,
  consoleMenuLink,
  launchChromium,
  watchedPage,
  signInToConsole,
} from '../support/browser.js';
import type { HttpClient } from '../support/http-client.js';
import { describeRun, keyCliBuilt, runKey } from '../support/key-cli.js';
import { DOMAIN, issuerOf } from '../support/oidc-scenario.js';
import { type OidcRpServer, startOidcRpServer } from '../support/oidc-rp-server.js';
import { startTotpSetup } from '../support/otp-tools.js';
import { addGroup, addUser, type ApiGroup, type ApiUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SERVICE_NAME = 'Expense Claims';
const GROUP_NAME = 'Expense claimants';
const USER_LOGIN = 'mei.oidc@example.com';
const USER_NAME = 'Mei OIDC';
const SCREENSHOT = '/tmp/gatehouse-e2e-oidc-sso.png';

/** The relying party's page after its callback accepted the ID token: the claims it lists, as shown. */
async function shownClaims(page: Page, rp: OidcRpServer): Promise<Record<string, string>> {
  await page.waitForURL((url) => url.href.startsWith(`${rp.redirectUri}?`));
  await page.locator('#rp-signed-in').waitFor();
  const names = await page.locator('#claims dt').allInnerTexts();
  const values = await page.locator('#claims dd').allInnerTexts();
  assert.equal(names.length, values.length);
  return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
}

/** The error with the evidence of a failed walk: a screenshot of the page, and what the page reported. */
async function failure(page: Page, problems: string[], name: string, error: unknown): Promise<Error> {
  const screenshot = SCREENSHOT.replace('.png', `-${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true }).catch(() => undefined);
  const reported = problems.length > 0 ? `; the page reported: ${problems.join(' | ')}` : '';
  return new Error(`${String(error)} (screenshot: ${screenshot}${reported})`, { cause: error });
}

describe('OpenID Connect single sign-on in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 120_000 }, () => {
  let rp: OidcRpServer;
  let server: TestServer;
  let browser: Browser;
  let admin: HttpClient;
  let group: ApiGroup;
  let user: ApiUser;
  let keyHome: string;
  let serviceId = '';
  let clientId = '';

  before(async () => {
    assertConsoleBuilt();
    assert.ok(keyCliBuilt(), 'Gatehouse Key is not built: run "npm run build" first');
    keyHome = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-home-'));
    [rp, server, browser] = await Promise.all([startOidcRpServer(), startTestServer('sqlite'), launchChromium()]);
    admin = await signedInClient(server);
    // The group itself never asks for OTP: the client's Require OTP is what steps the user up.
    group = await addGroup(admin, { displayName: GROUP_NAME, skipOtp: 'always-skip' });
    user = await addUser(admin, { loginId: USER_LOGIN, displayName: USER_NAME, email: USER_LOGIN, groupId: group.id });
    // Gatehouse Key registers itself from the enrolment QR code's otpauth URI, as `gatehouse-key enroll` takes it.
    const setup = await startTotpSetup(admin, user.id);
    const enrolled = await runKey(keyHome, ['enroll', setup.otpauthUri, '--name', 'Mei test laptop']);
    assert.equal(enrolled.exitCode, 0, describeRun(enrolled));
    assert.match(enrolled.stdout, /^Registration completed$/m, describeRun(enrolled));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await rp?.close();
    if (keyHome) rmSync(keyHome, { recursive: true, force: true });
  });

  it('the administrator adds a third-party client in the console, copies its secret and allows it to the group', async () => {
    const { page, problems } = await watchedPage(browser);
    try {
      await signInToConsole(page, server.baseUrl, DOMAIN);

      await consoleMenuLink(page, 'Connected Services').click();
      await page.getByRole('heading', { name: 'Connected Services' }).waitFor();
      await page.getByRole('button', { name: '+ Add Service' }).click();
      await page.getByRole('menuitem', { name: 'OpenID Connect' }).click();
      await page.getByRole('heading', { name: 'Add OpenID Connect Client' }).waitFor();
      await page.getByRole('textbox', { name: 'Service name' }).fill(SERVICE_NAME);
      await page.getByRole('textbox', { name: 'Redirect URIs', exact: true }).fill(rp.redirectUri);
      await page.getByRole('textbox', { name: 'Scopes' }).fill('openid profile email groups');
      const firstParty = page.getByRole('switch', { name: 'First-party application (no consent page)' });
      assert.equal(await firstParty.isChecked(), true, 'a new client is first-party unless told otherwise');
      await firstParty.setChecked(false);
      await page.getByRole('combobox', { name: 'Require OTP' }).selectOption({ label: 'Always require' });
      await page.getByRole('button', { name: 'Add', exact: true }).click();

      await page.getByText('Copy the client secret now').waitFor();
      clientId = (await page.getByLabel('client ID', { exact: true }).textContent()) ?? '';
      const clientSecret = (await page.getByLabel('client secret', { exact: true }).textContent()) ?? '';
      assert.match(clientId, /^[A-Za-z0-9_-]{22}$/);
      assert.match(clientSecret, /^[A-Za-z0-9_-]{43}$/);
      await page.getByRole('button', { name: 'I have copied the secret: go to the client' }).click();
      await page.getByRole('heading', { name: SERVICE_NAME }).waitFor();
      const services = (await admin.api('GET', '/connected-services')).json<{
        items: { id: string; name: string }[];
      }>();
      serviceId = services.items.find((service) => service.name === SERVICE_NAME)?.id ?? '';
      assert.ok(serviceId, 'the client is listed among the connected services');

      // Access Control > Access Policy Groups > the group: tick the client under Allowed services.
      await consoleMenuLink(page, 'Access Policy Groups').click();
      await page.getByRole('heading', { name: 'Access Policy Groups' }).waitFor();
      await page.getByRole('link', { name: GROUP_NAME, exact: true }).click();
      await page.getByRole('heading', { name: 'Edit Access Policy Group' }).waitFor();
      await page.getByRole('checkbox', { name: `${SERVICE_NAME} (OpenID Connect)`, exact: true }).check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const saved = (await admin.api('GET', `/groups/${group.id}`)).json<ApiGroup>();
      assert.deepEqual(saved.allowedServices, [serviceId]);
      assert.deepEqual(problems, [], 'no CSP violation or page error in the console');

      // The application is configured with what the console showed: the issuer, the client ID and the secret.
      await rp.configure({ issuer: issuerOf(server), clientId, clientSecret });
    } catch (error) {
      throw await failure(page, problems, 'console', error);
    } finally {
      await page.context().close();
    }
  });

  it('the user signs in at the relying party: password, Gatehouse Key approval, consent; the RP shows the claims', async () => {
    assert.ok(serviceId, 'the console test did not register the client');
    const { page, problems } = await watchedPage(browser);
    try {
      // The relying party sends the browser to Gatehouse, whose login form appears (nobody is signed in).
      await page.goto(rp.loginUrl);
      await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname === `/portal/${DOMAIN}/login`);
      await page.getByLabel('Login ID').fill(USER_LOGIN);
      await page.getByLabel('Password').fill(GOOD_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();

      // The client requires OTP: the password session is stepped up to the Gatehouse Key approval.
      await page.waitForURL((url) => url.origin === server.baseUrl && url.pathname === `/portal/${DOMAIN}/login/otp`);
      await page.getByRole('heading', { name: 'Approve login on your device' }).waitFor();
      const shownNumber = (await page.locator('#approval-number').innerText()).trim();
      assert.match(shownNumber, /^\d{2}$/, `the approval number is "${shownNumber}"`);
      assert.deepEqual(problems, [], 'no CSP violation or page error on the approval page');
      const approved = await runKey(keyHome, ['approve', '--wait', '20'], { input: `${shownNumber}\n` });
      assert.equal(approved.exitCode, 0, describeRun(approved));
      // The device is asked about this user's sign-in, and accepts it with the number the browser shows.
      assert.equal(/^Sign-in request \S+ for (\S+) /m.exec(approved.stdout)?.[1], USER_LOGIN, describeRun(approved));
      assert.match(approved.stdout, /^Accepted$/m, describeRun(approved));
      // The phone names the application the user is signing in to, not the portal.
      assert.match(approved.stdout, new RegExp(`^  Service: ${SERVICE_NAME}$`, 'm'), describeRun(approved));

      // The page moves on by itself to the consent of the third-party client.
      await page.getByRole('heading', { name: 'Allow access to your account?' }).waitFor();
      assert.equal(await page.locator('p.service').innerText(), SERVICE_NAME);
      assert.deepEqual(await page.getByRole('listitem').allInnerTexts(), [
        'Sign you in',
        'See your name and login ID',
        'See your email address',
        'See your access policy group',
      ]);
      assert.deepEqual(problems, [], 'no CSP violation or page error on the consent page');
      const callbacksBefore = rp.callbacks.length;
      await page.getByRole('button', { name: 'Allow', exact: true }).click();

      const claims = await shownClaims(page, rp);
      assert.deepEqual(
        rp.callbacks.slice(callbacksBefore).map((call) => call.error),
        [undefined],
      );
      assert.equal(claims.sub, user.id);
      assert.equal(claims.email, USER_LOGIN);
      assert.equal(claims.email_verified, 'true');
      assert.equal(claims.name, USER_NAME);
      assert.equal(claims.preferred_username, USER_LOGIN);
      assert.deepEqual(JSON.parse(claims.groups ?? 'null'), [GROUP_NAME]);
      // Password, then a Gatehouse Key approval (a key held by the device: hwk), so multi-factor (RFC 8176).
      assert.deepEqual((JSON.parse(claims.amr ?? '[]') as string[]).sort(), ['hwk', 'mfa', 'pwd']);
      assert.equal(claims.acr, 'urn:gatehouse:acr:mfa');
      assert.equal(claims.iss, issuerOf(server));
      assert.equal(claims.aud, clientId);
      assert.deepEqual(problems, [], 'no CSP violation or page error on the way');

      // A second sign-in at the relying party in the same browser asks nothing: Gatehouse's session has passed
      // the OTP step and the user has allowed these scopes already.
      const callbacksBeforeSecond = rp.callbacks.length;
      await page.goto(rp.loginUrl);
      const again = await shownClaims(page, rp);
      assert.deepEqual(
        rp.callbacks.slice(callbacksBeforeSecond).map((call) => call.error),
        [undefined],
      );
      assert.equal(again.sub, user.id);
      assert.equal(again.acr, 'urn:gatehouse:acr:mfa');
      assert.deepEqual(problems, []);
    } catch (error) {
      throw await failure(page, problems, 'user', error);
    } finally {
      await page.context().close();
    }
  });
});

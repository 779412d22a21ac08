// Issue 12 in real Chromium: an administrator caught by admin OTP enforcement sets up OTP during sign-in (SPEC §5.3)
// and is then offered a passkey: added with Chromium's virtual authenticator and then Continue, or Not now, each
// going on to the console page the sign-in was for; a browser without WebAuthn is not shown the offer at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/core/otp/totp.js';
import { commandLineActor } from '../../src/services/actor.js';
import {
  addVirtualAuthenticator,
  assertConsoleBuilt,
  chromiumSkipReason,
  launchChromium,
  watchedPage,
} from '../support/browser.js';
import { secretOfOtpauthUri } from '../support/otp-tools.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const PASSWORD = 'Offer-Admin-Pass-1';

describe(
  'a passkey offered after the forced OTP setup, in Chromium (sqlite)',
  { skip: chromiumSkipReason(), timeout: 90_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let origin: string;

    before(async () => {
      assertConsoleBuilt();
      // WebAuthn needs a domain for its RP ID: the browser opens the server as localhost (see passkeys-portal.test.ts).
      [server, browser] = await Promise.all([
        startTestServer('sqlite'),
        launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.1']),
      ]);
      origin = server.baseUrl.replace('127.0.0.1', 'localhost');
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      for (const loginId of ['ada.adds@example.com', 'nat.notnow@example.com', 'olga.oldbrowser@example.com'])
        await server.gatehouse.services.users.create(tenant, commandLineActor(), {
          loginId,
          displayName: loginId,
          password: PASSWORD,
          role: 'global-admin',
        });
      await server.gatehouse.services.tenants.updateSettings(tenant, commandLineActor(), {
        adminOtpEnforcement: 'now',
      });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    /** From the console's address through the password and the forced setup with an authenticator app. */
    async function signInWithForcedSetup(page: Page, loginId: string): Promise<void> {
      await page.goto(`${origin}/admin/${DOMAIN}/users`);
      await page.getByLabel('Login ID').fill(loginId);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('Administrators must use a one-time password to log in.').waitFor();
      await page.getByRole('button', { name: 'Gatehouse Key' }).click();
      await page.getByText('For apps other than Gatehouse Key').click();
      const setupId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      const user = await server.gatehouse.store.db
        .selectFrom('users')
        .selectAll()
        .where('login_id', '=', loginId)
        .executeTakeFirstOrThrow();
      const uri = await server.gatehouse.services.otpSetup.pendingOtpauthUri(tenant, commandLineActor(), user, setupId);
      await page.getByLabel('One-Time Password').fill(totpCode(secretOfOtpauthUri(uri), Date.now()));
      await page.getByRole('button', { name: 'Confirm' }).click();
    }

    it('adds a passkey from the offer, then Continue goes on to the console page', async () => {
      const { page, problems } = await watchedPage(browser);
      const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
      await signInWithForcedSetup(page, 'ada.adds@example.com');

      await page.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
      await page.getByText('Your one-time password is set up.').waitFor();
      await page.getByRole('link', { name: 'Not now' }).waitFor();
      await page.getByLabel('Passkey name').fill('Admin laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByText('Passkey added.').waitFor();
      assert.equal(await page.locator('td.passkey-name').innerText(), 'Admin laptop');
      assert.equal((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length, 1);
      assert.equal(await page.getByText('Your one-time password is set up.').count(), 0, 'offered once');

      await page.getByRole('link', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'User List' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/admin/${DOMAIN}/users`);
      assert.deepEqual(problems, []);
      await page.context().close();
    });

    it('Not now goes on to the console page without adding anything', async () => {
      const { page, problems } = await watchedPage(browser);
      await addVirtualAuthenticator(page);
      await signInWithForcedSetup(page, 'nat.notnow@example.com');
      await page.getByText('Your one-time password is set up.').waitFor();
      await page.getByRole('link', { name: 'Not now' }).click();
      await page.getByRole('heading', { name: 'User List' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/admin/${DOMAIN}/users`);
      const user = await server.gatehouse.store.db
        .selectFrom('users')
        .select('id')
        .where('login_id', '=', 'nat.notnow@example.com')
        .executeTakeFirstOrThrow();
      assert.equal(
        (await server.gatehouse.store.db.selectFrom('passkeys').selectAll().where('user_id', '=', user.id).execute())
          .length,
        0,
      );
      assert.deepEqual(problems, []);
      await page.context().close();
    });

    it('goes straight on in a browser without WebAuthn', async () => {
      const { page, problems } = await watchedPage(browser);
      // As in a browser that has no passkey support at all.
      await page.addInitScript(() => {
        delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
      });
      await signInWithForcedSetup(page, 'olga.oldbrowser@example.com');
      await page.getByRole('heading', { name: 'User List' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/admin/${DOMAIN}/users`);
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  },
);

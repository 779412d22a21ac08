// Issue 12 item 3b in real Chromium: an admin adds a passkey in the portal, requires phishing-resistant sign-in for
// admins in Domain Settings, is told that their session (opened without a passkey) no longer opens the console, and
// gets back in only with "Use a passkey": the OTP page offers no code input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  addVirtualAuthenticator,
  assertConsoleBuilt,
  chromiumSkipReason,
  launchChromium,
  watchedPage,
} from '../support/browser.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { commandLineActor } from '../../src/services/actor.js';
import { registerAuthenticatorApp } from '../support/otp-tools.js';
import { addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';

const DOMAIN = 'example.com';

describe(
  'phishing-resistant sign-in for admins in Chromium (sqlite)',
  { skip: chromiumSkipReason(), timeout: 120_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let origin: string;

    before(async () => {
      assertConsoleBuilt();
      // localhost, not 127.0.0.1: WebAuthn takes a domain as RP ID (see passkeys-portal.test.ts).
      [server, browser] = await Promise.all([
        startTestServer('sqlite'),
        launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.1']),
      ]);
      origin = server.baseUrl.replace('127.0.0.1', 'localhost');
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('requires it in Domain Settings, then lets the admin into the console only with a passkey', async () => {
      const { page, problems } = await watchedPage(browser);
      await addVirtualAuthenticator(page);

      await page.goto(`${origin}/portal/${DOMAIN}/login`);
      await page.getByLabel('Login ID').fill(ADMIN_LOGIN);
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Welcome' }).waitFor();
      await page.getByRole('link', { name: 'Passkeys', exact: true }).click();
      await page.getByLabel('Passkey name').fill('Admin laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByText('Passkey added.').waitFor();

      await page.goto(`${origin}/admin/${DOMAIN}/system/domain-settings`);
      const requirement = page.getByRole('combobox', { name: 'Phishing-resistant sign-in for admins' });
      await requirement.waitFor();
      assert.deepEqual(await requirement.locator('option').allInnerTexts(), [
        'Not required',
        'Required from',
        'Required now',
      ]);
      await page.getByText('Every admin has a passkey.').waitFor();
      await requirement.selectOption({ label: 'Required now' });
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith('/settings')),
        page.getByRole('button', { name: 'Save Changes' }).click(),
      ]);
      assert.equal(saved.status(), 200, await saved.text());
      await page.reload();

      // This session was opened with the password alone: from now on the console says why it is closed.
      await page.getByRole('heading', { name: 'Sign in with a passkey' }).waitFor();
      assert.match(
        await page.getByRole('alert').innerText(),
        /Administrators must now sign in with a passkey, and this session was opened without one/,
      );
      await page.getByRole('link', { name: 'Log in again with a passkey' }).click();
      await page.getByLabel('Login ID').fill(ADMIN_LOGIN);
      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();

      await page.getByRole('heading', { name: 'Use a passkey' }).waitFor();
      assert.equal(await page.getByLabel('One-Time Password').count(), 0, 'no code input is offered');
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.getByRole('heading', { name: 'Domain Settings' }).waitFor();
      await page.getByText('Administrators must sign in with a passkey.').waitFor();
      await page.getByText('Your passkey: registered').waitFor();

      const session = await server.gatehouse.store.db
        .selectFrom('sessions')
        .select('otp_method')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(session.otp_method, 'passkey-uv');
      assert.deepEqual(problems, []);
    });

    it('takes an admin without a passkey, after their code, to Add a passkey, then in with Use a passkey', async () => {
      // While the requirement is off, an admin without a passkey joins, with an authenticator app.
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      await server.gatehouse.services.tenants.updateSettings(tenant, commandLineActor(), {
        adminPasskeyRequirement: 'off',
      });
      const admin = await signedInClient(server);
      const eddie = await addUser(admin, { loginId: 'eddie@example.com', role: 'user-admin' });
      const secret = await registerAuthenticatorApp(admin, eddie.id);
      const startsAt = Date.now() + 1500;
      const scheduled = await admin.api('PATCH', '/settings', {
        adminPasskeyRequirement: 'scheduled',
        adminPasskeyRequiredFrom: new Date(startsAt).toISOString(),
      });
      assert.equal(scheduled.status, 200, scheduled.text);
      await new Promise((resolve) => setTimeout(resolve, startsAt - Date.now() + 100));

      const { page, problems } = await watchedPage(browser);
      await addVirtualAuthenticator(page);
      await page.goto(`${origin}/portal/${DOMAIN}/login`);
      await page.getByLabel('Login ID').fill(eddie.loginId);
      await page.getByLabel('Password').fill(GOOD_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      // A code no earlier than the next time step: the one of the registration is spent.
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
      await page.getByLabel('One-Time Password').fill(totpCode(secret, Date.now()));
      await page.getByRole('button', { name: 'Verify' }).click();

      await page.getByRole('heading', { name: 'Add a passkey' }).waitFor();
      await page.getByText('Administrators must sign in with a passkey. Add one now to continue.').waitFor();
      await page.getByLabel('Passkey name').fill('Eddie laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await page.getByRole('heading', { name: 'Use a passkey' }).waitFor();
      assert.equal(await page.getByLabel('One-Time Password').count(), 0);
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await page.getByRole('heading', { name: 'Welcome' }).waitFor();

      // The admin API no longer opens to `admin`'s password-only session: the Access Log is read from the database.
      const entry = await server.gatehouse.store.db
        .selectFrom('access_logs')
        .select(['result', 'otp_method'])
        .where('user_id', '=', eddie.id)
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(entry, { result: 'allowed', otp_method: 'passkey' });
      assert.deepEqual(problems, []);
    });
  },
);

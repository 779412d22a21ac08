// Issue 12, second slice, in real Chromium: a user adds a passkey in the portal with Chromium's virtual
// authenticator, logs out, logs in again with the password, and answers the OTP step with "Use a passkey".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkipReason, launchChromium, addVirtualAuthenticator, watchedPage } from '../support/browser.js';
import { accessLogEntries, addGroup, addUser, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN_ID = 'olga.otp@example.com';
const PASSWORD = 'Passkey-User-Pass-2';

describe('passkey at the OTP step in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let portal: string;

  before(async () => {
    // localhost, not 127.0.0.1: WebAuthn takes a domain as RP ID (see passkeys-portal.test.ts).
    [server, browser] = await Promise.all([
      startTestServer('sqlite'),
      launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.1']),
    ]);
    portal = `${server.baseUrl.replace('127.0.0.1', 'localhost')}/portal/${DOMAIN}`;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds a passkey, logs out, logs in with the password and Use a passkey, without CSP violations', async () => {
    const admin = await signedInClient(server);
    const user = await addUser(admin, { loginId: LOGIN_ID, password: PASSWORD });
    const { page, problems } = await watchedPage(browser);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

    await page.goto(`${portal}/login`);
    await page.getByLabel('Login ID').fill(LOGIN_ID);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByRole('link', { name: 'Passkeys', exact: true }).click();
    await page.getByLabel('Passkey name').fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();

    // From now on the user's group asks for OTP; the passkey is the user's only way to answer it.
    const group = await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' });
    assert.equal((await admin.api('PATCH', `/users/${user.id}`, { groupId: group.id })).status, 200);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Login ID').fill(LOGIN_ID);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'One-Time Password' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials[0]?.signCount, 2, 'one signature at registration, one at sign-in');
    const [entry] = await accessLogEntries(admin, { userId: user.id });
    assert.equal(entry?.result, 'allowed');
    assert.equal(entry?.otpMethod, 'passkey');
    const [row] = await server.gatehouse.store.db.selectFrom('passkeys').selectAll().execute();
    assert.ok(Number(row?.last_used_at) > 0, 'last used is recorded');
    assert.deepEqual(problems, []);
  });
});

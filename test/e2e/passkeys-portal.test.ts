// Issue 12, first slice, in real Chromium: a user adds a passkey in the portal with Chromium's virtual authenticator
// (CDP WebAuthn domain: CTAP2, internal transport, resident keys, user verification), renames it and removes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { asSelfService, commandLineActor } from '../../src/services/actor.js';
import { flagPasskey } from '../../src/store/passkeys.js';
import { chromiumSkipReason, launchChromium, addVirtualAuthenticator, watchedPage } from '../support/browser.js';
import { type CreationOptionsJSON, SoftwareAuthenticator } from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN_ID = 'paula.passkey@example.com';
const PASSWORD = 'Passkey-User-Pass-1';

describe('portal passkeys in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let portal: string;

  before(async () => {
    // WebAuthn takes a domain as RP ID, never an IP address: the browser opens the portal as localhost, which is
    // also a secure context over plain HTTP. Without GATEHOUSE_PUBLIC_URL the server derives the RP from that origin.
    [server, browser] = await Promise.all([
      startTestServer('sqlite'),
      launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.1']),
    ]);
    portal = `${server.baseUrl.replace('127.0.0.1', 'localhost')}/portal/${DOMAIN}`;
    const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
    assert.ok(tenant);
    await server.gatehouse.services.users.create(tenant, commandLineActor(), {
      loginId: LOGIN_ID,
      displayName: 'Paula Passkey',
      password: PASSWORD,
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds a passkey named "Work laptop", renames it and removes it, without CSP violations', async () => {
    const { page, problems } = await watchedPage(browser);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

    await page.goto(`${portal}/login`);
    await page.getByLabel('Login ID').fill(LOGIN_ID);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();

    await page.getByRole('link', { name: 'Passkeys', exact: true }).click();
    await page.getByRole('heading', { name: 'Passkeys', level: 1 }).waitFor();
    await page.getByText('You have no passkeys yet.').waitFor();

    await page.getByLabel('Passkey name').fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();
    assert.equal(await page.locator('td.passkey-name').innerText(), 'Work laptop');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]?.isResidentCredential, true, 'a discoverable credential');
    assert.equal(credentials[0]?.rpId, 'localhost');
    const stored = await server.gatehouse.store.db.selectFrom('passkeys').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.equal(
      stored[0]?.credential_id,
      credentials[0]?.credentialId.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
    );

    // The same authenticator again: the browser sees it in excludeCredentials and refuses; nothing is stored.
    await page.getByLabel('Passkey name').fill('Same laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'already holds one of your passkeys' }).waitFor();
    assert.equal((await server.gatehouse.store.db.selectFrom('passkeys').selectAll().execute()).length, 1);

    await page.getByLabel('New name for Work laptop').fill('Old laptop');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByText('Passkey renamed.').waitFor();
    assert.equal(await page.locator('td.passkey-name').innerText(), 'Old laptop');

    await page.getByRole('button', { name: 'Remove Old laptop' }).click();
    await page.getByText('Passkey removed.').waitFor();
    await page.getByText('You have no passkeys yet.').waitFor();
    assert.equal((await server.gatehouse.store.db.selectFrom('passkeys').selectAll().execute()).length, 0);

    assert.deepEqual(problems, []);
  });

  it('shows a flagged passkey as Flagged with what to do, and lets the user remove it', async () => {
    const { services, store } = server.gatehouse;
    const tenant = await services.tenants.findByDomain(DOMAIN);
    assert.ok(tenant);
    const user = await store.db
      .selectFrom('users')
      .selectAll()
      .where('login_id', '=', LOGIN_ID)
      .executeTakeFirstOrThrow();
    const actor = asSelfService({ userId: user.id, loginId: LOGIN_ID, role: user.role, ip: '127.0.0.1' });
    const rp = { id: 'localhost', origin: new URL(portal).origin, name: 'Gatehouse' };
    const names = ['Stolen tablet', 'Desk key'];
    const rows = [];
    for (const name of names) {
      const options = await services.passkeyRegistration.start(tenant, actor, user, rp, name);
      const response = new SoftwareAuthenticator().create(options as unknown as CreationOptionsJSON, {
        origin: rp.origin,
      });
      rows.push(await services.passkeyRegistration.finish(tenant, actor, user, rp, { name, response }));
    }
    // As a login whose signature counter went backwards leaves it (passkeys-sign-in.test.ts).
    await flagPasskey(store.db, rows[0]!.id, Date.UTC(2026, 11, 2, 8, 30));

    const { page, problems } = await watchedPage(browser);
    await page.goto(`${portal}/login`);
    await page.getByLabel('Login ID').fill(LOGIN_ID);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByRole('link', { name: 'Passkeys', exact: true }).click();

    const flagged = page.getByRole('row').filter({ hasText: 'Stolen tablet' });
    await flagged.getByText('Flagged', { exact: true }).waitFor();
    assert.match(
      await flagged.innerText(),
      /signature counter went backwards at a login, which may mean it was copied/,
    );
    assert.match(await flagged.innerText(), /If you don't recognise this, remove it\./);
    assert.match(await flagged.innerText(), /2026-12-02 08:30 UTC/);
    assert.doesNotMatch(await page.getByRole('row').filter({ hasText: 'Desk key' }).innerText(), /Flagged/);
    await page.getByText('Remove its passkey so that it no longer opens your account').waitFor();

    await page.getByRole('button', { name: 'Remove Stolen tablet' }).click();
    await page.getByText('Passkey removed.').waitFor();
    assert.equal(await page.getByText('Flagged', { exact: true }).count(), 0);
    assert.deepEqual(problems, []);
  });
});

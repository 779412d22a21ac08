// Issue 12, second slice, in real Chromium against the built console: an admin sets a group's Passkeys and Require
// user verification settings by their SPEC labels, copies the group, then removes one of a user's passkeys on the
// user details screen.
// The passkeys are made beforehand by the registration service with the software authenticator, as a portal would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { asSelfService, commandLineActor } from '../../src/services/actor.js';
import {
  assertConsoleBuilt,
  chromiumSkipReason,
  consoleMenuLink,
  launchChromium,
  signInToConsole,
  watchedPage,
} from '../support/browser.js';
import { flagPasskey } from '../../src/store/passkeys.js';
import { type CreationOptionsJSON, SoftwareAuthenticator } from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN_ID = 'lena.lostphone@example.com';
const RP = { id: 'gatehouse.example', origin: 'https://gatehouse.example', name: 'Gatehouse' };

describe('passkeys in the admin console in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let userId: string;

  before(async () => {
    assertConsoleBuilt();
    [server, browser] = await Promise.all([startTestServer('sqlite'), launchChromium()]);
    const { services, store } = server.gatehouse;
    const tenant = await services.tenants.findByDomain(DOMAIN);
    assert.ok(tenant);
    const created = await services.users.create(tenant, commandLineActor(), {
      loginId: LOGIN_ID,
      displayName: 'Lena Lostphone',
      password: 'Lost-Phone-Pass-1',
    });
    userId = created.user.id;
    const user = await store.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const actor = asSelfService({ userId, loginId: LOGIN_ID, role: user.role, ip: '127.0.0.1' });
    for (const name of ['Lost phone', 'Desk key']) {
      const options = await services.passkeyRegistration.start(tenant, actor, user, RP, name);
      const response = new SoftwareAuthenticator().create(options as unknown as CreationOptionsJSON, {
        origin: RP.origin,
      });
      const row = await services.passkeyRegistration.finish(tenant, actor, user, RP, { name, response });
      // "Lost phone" later answered a login with a counter that went backwards (as passkeys-sign-in.test.ts does).
      if (name === 'Lost phone') await flagPasskey(store.db, row.id, Date.UTC(2026, 11, 2, 8, 30));
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("sets the Default group's Passkeys settings by their labels and removes a user's passkey", async () => {
    const { page, problems } = await watchedPage(browser);
    await signInToConsole(page, server.baseUrl, DOMAIN);

    // [Access Control] – [Access Policy Groups] → Default: Passkeys and Require user verification.
    await consoleMenuLink(page, 'Access Policy Groups').click();
    await page.getByRole('heading', { name: 'Access Policy Groups' }).waitFor();
    await page.getByRole('link', { name: 'Default', exact: true }).click();
    const passkeys = page.getByRole('combobox', { name: 'Passkeys', exact: true });
    await passkeys.waitFor();
    assert.equal(await passkeys.inputValue(), 'second-factor', 'existing groups: Allowed as a second factor');
    assert.deepEqual(
      (await passkeys.locator('option').allInnerTexts()).map((text) => text.trim()),
      ['Not allowed', 'Allowed as a second factor', 'Allowed also without a password'],
    );
    await passkeys.selectOption({ label: 'Allowed also without a password' });
    const verification = page.getByRole('checkbox', { name: 'Require user verification' });
    assert.equal(await verification.isChecked(), false);
    await verification.check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const group = await server.gatehouse.store.db
      .selectFrom('access_policy_groups')
      .selectAll()
      .where('is_default', '=', 1)
      .executeTakeFirstOrThrow();
    assert.deepEqual([group.passkeys, group.passkey_user_verification], ['passwordless', 'required']);

    // Copy Access Policy Group starts from the source's Passkeys settings.
    await consoleMenuLink(page, 'Access Policy Groups').click();
    await page.getByRole('heading', { name: 'Access Policy Groups' }).waitFor();
    await page.getByRole('button', { name: 'Copy Default', exact: true }).click();
    await page.getByRole('heading', { name: 'Copy Access Policy Group' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Passkeys', exact: true }).inputValue(), 'passwordless');
    assert.equal(await page.getByRole('checkbox', { name: 'Require user verification' }).isChecked(), true);
    await page.getByRole('textbox', { name: 'Display Name', exact: true }).fill('Passkey copy');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('link', { name: 'Passkey copy', exact: true }).waitFor();
    const copy = await server.gatehouse.store.db
      .selectFrom('access_policy_groups')
      .selectAll()
      .where('display_name', '=', 'Passkey copy')
      .executeTakeFirstOrThrow();
    assert.deepEqual([copy.passkeys, copy.passkey_user_verification], ['passwordless', 'required']);

    // [User List] → the user → section Passkeys → Remove "Lost phone", confirmed.
    await consoleMenuLink(page, 'User List').click();
    await page.getByRole('heading', { name: 'User List' }).waitFor();
    await page.getByRole('link', { name: LOGIN_ID, exact: true }).click();
    await page.getByRole('heading', { name: 'User Details' }).waitFor();
    const section = page.getByRole('region', { name: 'Passkeys', exact: true });
    const lostPhone = section.getByRole('row').filter({ hasText: 'Lost phone' });
    await lostPhone.waitFor();
    await section.getByRole('row').filter({ hasText: 'Desk key' }).waitFor();
    assert.match(await lostPhone.innerText(), /Never/, 'never used');
    assert.match(await lostPhone.innerText(), /Single device/);
    assert.match(await lostPhone.innerText(), /Flagged/i);
    assert.match(await lostPhone.innerText(), /signature counter went backwards .*which\s+may mean it was copied/s);
    assert.doesNotMatch(
      await section.getByRole('row').filter({ hasText: 'Desk key' }).innerText(),
      /Flagged/i,
      'only the flagged one says so',
    );
    await lostPhone.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove passkey' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Lost phone/);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await lostPhone.waitFor({ state: 'detached' });
    await section.getByRole('row').filter({ hasText: 'Desk key' }).waitFor();

    const left = await server.gatehouse.store.db
      .selectFrom('passkeys')
      .select('name')
      .where('user_id', '=', userId)
      .execute();
    assert.deepEqual(
      left.map((row) => row.name),
      ['Desk key'],
    );
    const logged = await server.gatehouse.store.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('operation', '=', 'passkey.remove')
      .where('target_id', '=', userId)
      .execute();
    assert.equal(logged.length, 1);
    assert.equal(JSON.parse(logged[0]?.before_json ?? '{}').name, 'Lost phone');
    assert.deepEqual(problems, []);
  });
});

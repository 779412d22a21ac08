// Issue 10 item 5, in real Chromium against a real server on SQLite: an administrator adds an OpenID Connect client
// by the console's labels, copies its secret from the one page that shows it (and the secret verifies), then rotates
// it on the client's page with an overlap, and the list names the type. Needs the built console (npm run build:web).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  assertConsoleBuilt,
  chromiumSkipReason,
  consoleMenuLink,
  launchChromium,
  watchedPage,
  signInToConsole,
} from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const SCREENSHOT = '/tmp/gatehouse-e2e-oidc-clients.png';

describe('OpenID Connect clients in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    assertConsoleBuilt();
    [server, browser] = await Promise.all([startTestServer('sqlite'), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds a confidential client, shows its secret once, and rotates it with an overlap', async () => {
    const { page, problems } = await watchedPage(browser);
    const tenant = await server.gatehouse.store.db
      .selectFrom('tenants')
      .selectAll()
      .where('domain', '=', DOMAIN)
      .executeTakeFirstOrThrow();
    const verify = (clientId: string, secret: string) =>
      server.gatehouse.services.oidcClientSecrets.verifyClientSecret(tenant, clientId, secret);
    try {
      await signInToConsole(page, server.baseUrl, DOMAIN);

      await consoleMenuLink(page, 'Connected Services').click();
      await page.getByRole('heading', { name: 'Connected Services' }).waitFor();
      await page.getByRole('button', { name: '+ Add Service' }).click();
      await page.getByRole('menuitem', { name: 'OpenID Connect' }).click();
      await page.getByRole('heading', { name: 'Add OpenID Connect Client' }).waitFor();

      // A server-side error lands under its field.
      await page.getByRole('textbox', { name: 'Service name' }).fill('Expenses');
      await page
        .getByRole('textbox', { name: 'Redirect URIs', exact: true })
        .fill('http://expenses.example.net/callback');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText('Redirect URI 1 must use https').waitFor();

      await page
        .getByRole('textbox', { name: 'Redirect URIs', exact: true })
        .fill('https://expenses.example.net/callback');
      await page.getByRole('textbox', { name: 'Scopes' }).fill('openid profile email expenses:read');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText('Copy the client secret now').waitFor();
      const clientId = (await page.getByLabel('client ID', { exact: true }).textContent()) ?? '';
      const secret = (await page.getByLabel('client secret', { exact: true }).textContent()) ?? '';
      assert.match(clientId, /^[A-Za-z0-9_-]{22}$/);
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(await page.getByRole('button', { name: 'Copy client secret' }).isVisible());
      assert.equal(await verify(clientId, secret), true, 'the secret shown is the one stored');

      await page.getByRole('button', { name: 'I have copied the secret: go to the client' }).click();
      await page.getByRole('heading', { name: 'Expenses' }).waitFor();
      await page.getByText('Type: OpenID Connect').waitFor();
      await page.getByRole('heading', { name: 'Client secrets' }).waitFor();
      assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
      assert.equal(
        await page.getByRole('textbox', { name: 'Scopes' }).inputValue(),
        'openid profile email expenses:read',
      );

      await page.getByRole('combobox', { name: 'Old secrets keep working for' }).selectOption('3600');
      await page.getByRole('button', { name: 'Rotate secret' }).click();
      await page.getByText('Copy the client secret now').waitFor();
      const rotated = (await page.getByLabel('client secret', { exact: true }).textContent()) ?? '';
      assert.notEqual(rotated, secret);
      await page.getByRole('row').nth(2).waitFor();
      assert.equal(await page.getByRole('row').filter({ hasText: 'Works' }).count(), 2, 'both work during the overlap');
      assert.equal(await verify(clientId, secret), true);
      assert.equal(await verify(clientId, rotated), true);

      await consoleMenuLink(page, 'Connected Services').click();
      await page.getByRole('row').filter({ hasText: 'Expenses' }).filter({ hasText: 'OpenID Connect' }).waitFor();
      assert.deepEqual(problems, []);
    } catch (error) {
      await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
      throw new Error(`${String(error)} (screenshot: ${SCREENSHOT})`, { cause: error });
    } finally {
      await page.context().close();
    }
  });
});

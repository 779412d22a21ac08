// Issue 9, in real Chromium against a real server on SQLite: an administrator adds a SAML service to System >
// Connected Services from the service provider's metadata file, by the console's labels, and it appears in the list;
// a group then allows it, and deleting it names that group. Needs the built console (npm run build:web).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
import { BINDINGS, SP_SIGNING_PEM, spMetadata } from '../support/sp-metadata.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const SCREENSHOT = '/tmp/gatehouse-e2e-connected-services.png';

describe('Connected Services in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 90_000 }, () => {
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

  it('adds a SAML service from an uploaded SP metadata file, lists it, lets a group allow it, and names the group on delete', async () => {
    const { page, problems } = await watchedPage(browser);
    const metadataFile = path.join(os.tmpdir(), `sp-metadata-${process.pid}.xml`);
    writeFileSync(
      metadataFile,
      spMetadata({
        entityId: 'https://expenses.example.net/saml',
        acs: [{ location: 'https://expenses.example.net/saml/acs', binding: BINDINGS.POST, index: 1, isDefault: true }],
        signingCertificate: SP_SIGNING_PEM,
        authnRequestsSigned: true,
      }),
    );
    try {
      await signInToConsole(page, server.baseUrl, DOMAIN);

      // System > Connected Services, + Add Service > SAML 2.0, no preset.
      await consoleMenuLink(page, 'Connected Services').click();
      await page.getByRole('heading', { name: 'Connected Services' }).waitFor();
      await page.getByText('No connected services yet.').waitFor();
      await page.getByRole('button', { name: '+ Add Service' }).click();
      await page.getByRole('menuitem', { name: 'SAML 2.0' }).click();
      await page.getByRole('heading', { name: 'Add SAML 2.0 Service' }).waitFor();
      assert.ok(await page.getByRole('radio', { name: 'Blank (no preset)' }).isChecked());
      await page.getByRole('button', { name: 'Continue' }).click();

      // Import SP metadata: upload the file, Import, and the settings are filled in.
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Upload metadata file' }).click();
      await (await chooser).setFiles(metadataFile);
      await page.waitForFunction(() =>
        (document.querySelector('textarea') as HTMLTextAreaElement | null)?.value.includes('expenses.example.net'),
      );
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Filled from the metadata' }).waitFor();
      assert.equal(
        await page.getByRole('textbox', { name: 'SP Entity ID' }).inputValue(),
        'https://expenses.example.net/saml',
      );
      assert.equal(
        await page.getByRole('textbox', { name: 'ACS URL 1' }).inputValue(),
        'https://expenses.example.net/saml/acs',
      );
      assert.ok(await page.getByRole('checkbox', { name: 'Require signed AuthnRequests' }).isChecked());
      assert.match(
        await page.getByRole('textbox', { name: 'Signing certificate' }).inputValue(),
        /^-----BEGIN CERTIFICATE-----/,
      );

      await page.getByRole('textbox', { name: 'Service name' }).fill('Expense Reports');
      await page.getByRole('button', { name: 'Add', exact: true }).click();

      // The list shows it: name, type, status, users allowed.
      await page.getByRole('heading', { name: 'Connected Services' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Expense Reports' });
      await row.waitFor();
      assert.deepEqual(await row.getByRole('cell').allInnerTexts(), ['Expense Reports', 'SAML 2.0', 'Enabled', '0']);

      // The Default group allows it; the admin is in that group, so one user is allowed.
      await consoleMenuLink(page, 'Access Policy Groups').click();
      await page.getByRole('link', { name: 'Default', exact: true }).click();
      await page.getByRole('heading', { name: 'Edit Access Policy Group' }).waitFor();
      await page.getByRole('checkbox', { name: 'Expense Reports (SAML 2.0)' }).check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await consoleMenuLink(page, 'Connected Services').click();
      await page.getByRole('row').filter({ hasText: 'Expense Reports' }).getByRole('cell', { name: '1' }).waitFor();

      // The service's page: Gatehouse's side, and a delete confirmation that names the group.
      await page.getByRole('link', { name: 'Expense Reports' }).click();
      await page.getByRole('heading', { name: 'Gatehouse as identity provider' }).waitFor();
      assert.equal(
        await page.getByRole('link', { name: 'Download IdP metadata' }).getAttribute('href'),
        `/saml/${DOMAIN}/metadata`,
      );
      assert.equal(
        await page.getByRole('link', { name: 'Download certificate' }).getAttribute('href'),
        `/saml/${DOMAIN}/certificate`,
      );
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete connected service' });
      await dialog.getByText('removed from the Allowed services of the group "Default"').waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      assert.deepEqual(problems, [], 'no CSP violation or page error');
    } catch (error) {
      await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await page.context().close();
    }
  });
});

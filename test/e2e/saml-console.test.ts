// Issue 9, in real Chromium: an administrator rotates the tenant's SAML signing certificate with the console's
// buttons (Prepare new certificate, Activate, Retire), and asks Policy Check whether a user may use a service.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  assertConsoleBuilt,
  chromiumSkipReason,
  consoleMenuLink,
  launchChromium,
  signInToConsole,
  watchedPage,
} from '../support/browser.js';
import { HttpClient } from '../support/http-client.js';
import { addGroup, addUser, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';

describe('SAML in the console, in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let admin: HttpClient;

  before(async () => {
    assertConsoleBuilt();
    [server, browser] = await Promise.all([startTestServer('sqlite'), launchChromium()]);
    admin = await signedInClient(server);
    const created = await admin.api('POST', '/connected-services', {
      type: 'saml',
      name: 'Payroll',
      saml: {
        entityId: 'https://payroll.example.net/saml',
        acsUrls: [{ url: 'https://payroll.example.net/acs', binding: 'HTTP-POST', index: 0, isDefault: true }],
      },
    });
    assert.equal(created.status, 201, created.text);
    const group = await addGroup(admin, {
      displayName: 'Finance',
      allowedServices: [created.json<{ id: string }>().id],
    });
    await addUser(admin, { loginId: 'fiona@example.com', groupId: group.id });
    await addUser(admin, { loginId: 'sam@example.com' });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(): Promise<{ page: Page; problems: string[] }> {
    const { page, problems } = await watchedPage(browser);
    await signInToConsole(page, server.baseUrl, DOMAIN);
    return { page, problems };
  }

  it('rotates the signing certificate with overlap: prepare, activate, retire', async () => {
    const { page, problems } = await signedInPage();
    await consoleMenuLink(page, 'Connected Services').click();
    const panel = page.getByRole('region', { name: 'Signing certificates' });
    await panel.getByText('Active', { exact: true }).waitFor();
    const fingerprints = async () =>
      (await admin.api('GET', '/saml-signing-keys')).json<{ items: { state: string; fingerprintSha256: string }[] }>()
        .items;
    const first = (await fingerprints()).find((key) => key.state === 'active')!.fingerprintSha256;

    await panel.getByRole('button', { name: 'Prepare new certificate' }).click();
    await panel.getByText('Prepared', { exact: true }).waitFor();
    const metadata = await admin.request('GET', `/saml/${DOMAIN}/metadata`);
    assert.equal([...metadata.text.matchAll(/X509Certificate>/g)].length / 2, 2, 'both published');

    await panel.getByRole('button', { name: 'Activate' }).click();
    await panel.getByText('Previous', { exact: true }).waitFor();
    const afterActivation = await fingerprints();
    assert.notEqual(afterActivation.find((key) => key.state === 'active')!.fingerprintSha256, first);
    assert.equal(afterActivation.find((key) => key.state === 'previous')!.fingerprintSha256, first);

    await panel.getByRole('button', { name: 'Retire' }).click();
    await page.waitForFunction(() => !document.body.innerText.includes('Previous'));
    assert.equal((await fingerprints()).find((key) => key.fingerprintSha256 === first)?.state, 'retired');
    assert.deepEqual(problems, []);
  });

  it('Policy Check answers for a service: allowed for its group, denied with the reason for another', async () => {
    const { page, problems } = await signedInPage();
    await consoleMenuLink(page, 'Policy Check').click();
    const check = async (loginId: string) => {
      await page.getByLabel('User').fill(loginId);
      await page.getByLabel('IP address').fill('203.0.113.9');
      await page.getByLabel('Service').selectOption({ label: 'Payroll' });
      await page.getByRole('button', { name: 'Check' }).click();
    };
    await check('fiona@example.com');
    await page.getByText('Payroll: allowed').waitFor();
    await check('sam@example.com');
    await page.getByText('Payroll: denied').waitFor();
    await page.getByText("Payroll is not among the group's allowed services").waitFor();
    assert.deepEqual(problems, []);
  });
});

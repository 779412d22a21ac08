// The admin console acceptance scenario in real Chromium against a real server on SQLite. Needs the built
// console (npm run build:web, which `npm test` runs first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { commandLineActor } from '../../src/services/actor.js';
import { chromiumSkipReason, launchChromium, assertConsoleBuilt } from '../support/browser.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const SCREENSHOT = '/tmp/gatehouse-e2e.png';

/** What a page must never produce: CSP violations (Chromium reports them on the console) and uncaught errors. */
interface PageProblems {
  cspViolations: string[];
  pageErrors: string[];
}

async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  return { context, page, problems };
}

async function logIn(page: Page, loginId: string, password: string): Promise<void> {
  await page.getByLabel('Login ID').fill(loginId);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

function menuLink(page: Page, label: string) {
  return page.getByRole('navigation', { name: 'Console menu' }).getByRole('link', { name: label, exact: true });
}

/** Mantine's stylesheet loaded (and was not refused by the CSP): its font stack replaced the browser default. */
async function assertStyled(page: Page): Promise<void> {
  const fontFamily = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(
    fontFamily,
    /-apple-system|system-ui|Segoe UI/,
    `body font is "${fontFamily}": the console CSS did not apply`,
  );
}

describe('admin console in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 60_000 }, () => {
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

  it('adds a user, finds and renames them, and shows the change in the Admin Operation Logs', async () => {
    const { context, page, problems } = await freshPage(browser);
    try {
      // 1. The console sends a signed-out visitor to the login page, and brings them back after it.
      await page.goto(`${server.baseUrl}/admin/${DOMAIN}/`);
      assert.match(new URL(page.url()).pathname, new RegExp(`^/portal/${DOMAIN}/login$`));
      await page.getByLabel('Keep me logged in').waitFor();
      await logIn(page, ADMIN_LOGIN, ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'User List' }).waitFor();

      // 2. Users > User List, + Add User, password left empty so the server generates one.
      await menuLink(page, 'User List').click();
      await page.getByRole('button', { name: '+ Add User' }).click();
      await page.getByRole('heading', { name: 'Add User' }).waitFor();
      await page.getByRole('textbox', { name: 'Login ID', exact: true }).fill('carol.tanaka@example.com');
      await page.getByRole('textbox', { name: 'Display Name', exact: true }).fill('Carol Tanaka');
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill('carol.tanaka@example.com');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('heading', { name: 'User Details' }).waitFor();
      const generated = (await page.getByLabel('Generated password', { exact: true }).textContent()) ?? '';
      assert.ok(generated.length >= 12, `expected a generated password on the details screen, saw "${generated}"`);

      // 3. Search finds the new user; their Login ID opens the details screen.
      await menuLink(page, 'User List').click();
      await page.getByPlaceholder('Search by login ID, name or email').fill('tanaka');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('1 user', { exact: true }).waitFor();
      await page
        .getByRole('row')
        .filter({ hasText: 'Carol Tanaka' })
        .getByRole('link', { name: 'carol.tanaka@example.com' })
        .click();
      await page.getByRole('heading', { name: 'User Details' }).waitFor();

      // 4. Rename and save.
      const displayName = page.getByRole('textbox', { name: 'Display Name', exact: true });
      assert.equal(await displayName.inputValue(), 'Carol Tanaka');
      await displayName.fill('Carol T. Tanaka');
      await page.getByRole('button', { name: 'Save Changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

      // 5. The list shows the new name, and the log shows the change with its before and after values.
      await menuLink(page, 'User List').click();
      await page.getByText('2 users', { exact: true }).waitFor();
      await page.getByRole('cell', { name: 'Carol T. Tanaka', exact: true }).waitFor();
      assert.equal(await page.getByRole('cell', { name: 'Carol Tanaka', exact: true }).count(), 0);

      await menuLink(page, 'Admin Operation Logs').click();
      await page.getByRole('heading', { name: 'Admin Operation Logs' }).waitFor();
      const updateRow = page
        .getByRole('row')
        .filter({ hasText: 'user.update' })
        .filter({ hasText: 'carol.tanaka@example.com' });
      await updateRow.waitFor(); // strict: exactly one such row
      await updateRow.getByRole('button', { name: 'Details', expanded: false }).click();
      const detailsButton = updateRow.getByRole('button', { name: 'Details', expanded: true });
      await detailsButton.waitFor();
      const detailsId = await detailsButton.getAttribute('aria-controls');
      assert.ok(detailsId, 'the Details button names the row it expanded (aria-controls)');
      const details = page.locator(`[id="${detailsId}"]`);
      await details.waitFor();
      const detailsText = await details.innerText();
      assert.match(
        detailsText,
        /Before\s*\{\s*"displayName": "Carol Tanaka"\s*\}\s*After\s*\{\s*"displayName": "Carol T\. Tanaka"\s*\}/,
      );

      await assertStyled(page);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('turns away a user without an admin role, and runs the console without CSP violations or page errors', async () => {
    const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
    assert.ok(tenant);
    await server.gatehouse.services.users.create(tenant, commandLineActor(), {
      loginId: 'dave.ordinary@example.com',
      displayName: 'Dave Ordinary',
      password: 'Ordinary-User-Pass-1',
    });

    const ordinary = await freshPage(browser);
    try {
      await ordinary.page.goto(`${server.baseUrl}/admin/${DOMAIN}/`);
      await logIn(ordinary.page, 'dave.ordinary@example.com', 'Ordinary-User-Pass-1');
      await ordinary.page.getByRole('heading', { name: '403 Forbidden' }).waitFor();
      assert.equal(new URL(ordinary.page.url()).pathname, `/admin/${DOMAIN}/`);
      assert.equal(await ordinary.page.getByRole('navigation', { name: 'Console menu' }).count(), 0);
      assert.deepEqual(ordinary.problems, { cspViolations: [], pageErrors: [] });
    } finally {
      await ordinary.context.close();
    }

    // The console's runtime styles (Mantine's CSS variables, the modal's scroll lock) must carry the CSP nonce.
    const admin = await freshPage(browser);
    try {
      await admin.page.goto(`${server.baseUrl}/admin/${DOMAIN}/`);
      await logIn(admin.page, ADMIN_LOGIN, ADMIN_PASSWORD);
      await admin.page.getByRole('heading', { name: 'User List' }).waitFor();
      await admin.page.getByRole('link', { name: 'dave.ordinary@example.com' }).click();
      await admin.page.getByRole('button', { name: 'Delete User' }).click();
      const dialog = admin.page.getByRole('dialog', { name: 'Delete User' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      for (const label of ['Domain Settings', 'Admin Operation Logs', 'Access Logs']) {
        await menuLink(admin.page, label).click();
        await admin.page.getByRole('heading', { name: label }).waitFor();
      }
      await assertStyled(admin.page);
      assert.deepEqual(admin.problems, { cspViolations: [], pageErrors: [] });
    } finally {
      await admin.context.close();
    }
  });
});

// SPEC §3.1 in real Chromium: an admin registers OTP for users from the console's User List, first with an
// authenticator app (the QR code on screen is read by zbarimg, the code computed by oathtool), then by email
// through a real SMTP server. Needs the built console (npm run build:web, which `npm test` runs first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { commandLineActor } from '../../src/services/actor.js';
import { chromiumSkipReason, launchChromium, assertConsoleBuilt } from '../support/browser.js';
import {
  decodeQrImage,
  oathtoolCode,
  otpToolsSkipReason,
  secretOfOtpauthUri,
  wrongCode,
} from '../support/otp-tools.js';
import { TestSmtpServer } from '../support/smtp-server.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const APP_USER = 'hana.app@example.com';
const EMAIL_USER = 'kenji.mail@example.com';
const OTP_EMAIL = 'kenji.phone@example.net';

interface PageProblems {
  cspViolations: string[];
  pageErrors: string[];
}

async function signedInConsole(
  browser: Browser,
  baseUrl: string,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  await page.goto(`${baseUrl}/admin/${DOMAIN}/`);
  await page.getByLabel('Login ID').fill(ADMIN_LOGIN);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'User List' }).waitFor();
  return { context, page, problems };
}

/** Users > User List, then the user's Login ID: the user details screen. */
async function openUserDetails(page: Page, loginId: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Console menu' })
    .getByRole('link', { name: 'User List', exact: true })
    .click();
  await page.getByRole('heading', { name: 'User List' }).waitFor();
  await page.getByRole('link', { name: loginId, exact: true }).click();
  await page.getByRole('heading', { name: 'User Details' }).waitFor();
}

/** Section OTP, row OTP Type: the value shown beside the row's header. */
function otpTypeCell(page: Page) {
  return page
    .getByRole('region', { name: 'OTP', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'OTP Type', exact: true }) })
    .getByRole('cell')
    .first();
}

async function registerFromDetails(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'OTP', exact: true }).getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'OTP setup' }).waitFor();
}

async function backToDetails(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Back to User Details' }).click();
  await page.getByRole('heading', { name: 'User Details' }).waitFor();
}

describe(
  'console OTP registration in Chromium (sqlite)',
  { skip: chromiumSkipReason() || otpToolsSkipReason(), timeout: 60_000 },
  () => {
    let smtp: TestSmtpServer;
    let server: TestServer;
    let browser: Browser;

    before(async () => {
      assertConsoleBuilt();
      smtp = await TestSmtpServer.start();
      [server, browser] = await Promise.all([
        startTestServer('sqlite', { env: { SMTP_URL: smtp.url } }),
        launchChromium(),
      ]);
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      for (const [loginId, displayName] of [
        [APP_USER, 'Hana App'],
        [EMAIL_USER, 'Kenji Mail'],
      ]) {
        await server.gatehouse.services.users.create(tenant, commandLineActor(), {
          loginId,
          displayName,
          email: loginId,
        });
      }
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await smtp?.close();
    });

    it('registers an authenticator app from the QR code on screen, after a wrong code, without CSP violations', async () => {
      const { context, page, problems } = await signedInConsole(browser, server.baseUrl);
      try {
        await openUserDetails(page, APP_USER);
        assert.equal((await otpTypeCell(page).innerText()).trim(), 'Not configured');
        await registerFromDetails(page);
        await page.getByText(`User: ${APP_USER}`).waitFor();

        // Gatehouse Key: a QR code, read off the screen as a phone would.
        await page.getByRole('button', { name: 'Gatehouse Key', exact: true }).click();
        const qr = page.getByRole('img', { name: 'QR code' });
        await qr.waitFor();
        const scanned = decodeQrImage(await qr.screenshot());
        assert.match(
          scanned,
          /^otpauth:\/\/totp\/Gatehouse:hana\.app(@|%40)example\.com\?secret=[A-Z2-7]{32}&issuer=Gatehouse(&|$)/,
        );
        const secret = secretOfOtpauthUri(scanned);

        // For apps other than Gatehouse Key: a wrong code is refused and the admin may try again.
        await page.getByRole('button', { name: 'For apps other than Gatehouse Key', exact: true }).click();
        const codeInput = page.getByRole('textbox', { name: 'One-Time Password', exact: true });
        await codeInput.fill(wrongCode(secret));
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByText('Invalid one-time password.', { exact: true }).waitFor();
        assert.equal(await page.getByText('Success. OTP is now enabled.').count(), 0);
        assert.equal(decodeQrImage(await qr.screenshot()), scanned, 'the same QR code stays on screen and valid');

        await codeInput.fill(oathtoolCode(secret));
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByRole('status').filter({ hasText: 'Success. OTP is now enabled.' }).waitFor();

        await backToDetails(page);
        assert.equal((await otpTypeCell(page).innerText()).trim(), 'Other authenticator app');
        await page.screenshot({ path: '/tmp/gatehouse-console-otp-app.png', fullPage: true });
        assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
      } finally {
        await context.close();
      }
    });

    it('registers email OTP with the code from the mail, without CSP violations', async () => {
      const { context, page, problems } = await signedInConsole(browser, server.baseUrl);
      try {
        await openUserDetails(page, EMAIL_USER);
        assert.equal((await otpTypeCell(page).innerText()).trim(), 'Not configured');
        await registerFromDetails(page);

        await page.getByRole('button', { name: 'Email', exact: true }).click();
        const address = page.getByRole('textbox', { name: 'Email address', exact: true });
        assert.equal(await address.inputValue(), EMAIL_USER, 'the address starts as the user’s contact email');
        await address.fill(OTP_EMAIL);
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByText(`We sent a 6-digit code to ${OTP_EMAIL}.`).waitFor();

        const mail = await smtp.waitForMessage(OTP_EMAIL);
        const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
        assert.ok(code, `no 6-digit code in the mail: ${mail.text}`);
        await page.getByRole('textbox', { name: 'One-Time Password', exact: true }).fill(code);
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByRole('status').filter({ hasText: 'Success. OTP is now enabled.' }).waitFor();

        await backToDetails(page);
        assert.equal((await otpTypeCell(page).innerText()).trim(), `Email (${OTP_EMAIL})`);
        await page.screenshot({ path: '/tmp/gatehouse-console-otp-email.png', fullPage: true });
        assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
      } finally {
        await context.close();
      }
    });
  },
);

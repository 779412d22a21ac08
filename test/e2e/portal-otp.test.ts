// SPEC §3.2 in real Chromium: a user sets up OTP in the portal, first with an authenticator app (the QR code on
// screen is read by zbarimg, the code computed by oathtool), then by email through a real SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { commandLineActor } from '../../src/services/actor.js';
import { chromiumSkipReason, launchChromium } from '../support/browser.js';
import {
  decodeQrImage,
  oathtoolCode,
  otpToolsSkipReason,
  secretOfOtpauthUri,
  wrongCode,
} from '../support/otp-tools.js';
import { TestSmtpServer } from '../support/smtp-server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN_ID = 'olivia.portal@example.com';
const PASSWORD = 'Portal-User-Pass-1';
const OTP_EMAIL = 'olivia.phone@example.net';

function portalLink(page: Page, label: string) {
  return page.getByRole('link', { name: label, exact: true });
}

async function otpTypeShown(page: Page): Promise<string> {
  await portalLink(page, 'OTP Settings').click();
  await page.getByRole('heading', { name: 'OTP Settings' }).waitFor();
  // The page's source breaks the line before the value; the paragraph reads "OTP Type: <value>".
  const shown = await page.getByRole('paragraph').filter({ hasText: 'OTP Type:' }).innerText();
  return shown.replace(/^\s*OTP Type:\s*/, '').trim();
}

describe(
  'portal OTP setup in Chromium (sqlite)',
  { skip: chromiumSkipReason() || otpToolsSkipReason(), timeout: 60_000 },
  () => {
    let smtp: TestSmtpServer;
    let server: TestServer;
    let browser: Browser;

    before(async () => {
      smtp = await TestSmtpServer.start();
      [server, browser] = await Promise.all([
        startTestServer('sqlite', { env: { SMTP_URL: smtp.url } }),
        launchChromium(),
      ]);
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      await server.gatehouse.services.users.create(tenant, commandLineActor(), {
        loginId: LOGIN_ID,
        displayName: 'Olivia Portal',
        password: PASSWORD,
      });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await smtp?.close();
    });

    it('sets up an authenticator app from the QR code, then email OTP, without CSP violations', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const problems = { cspViolations: [] as string[], pageErrors: [] as string[] };
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) problems.cspViolations.push(message.text());
      });
      page.on('pageerror', (error) => problems.pageErrors.push(error.message));
      try {
        await page.goto(`${server.baseUrl}/portal/${DOMAIN}/login`);
        await page.getByLabel('Login ID').fill(LOGIN_ID);
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('heading', { name: 'Welcome' }).waitFor();
        assert.equal(await otpTypeShown(page), 'Not configured');

        // Configure OTP → Gatehouse Key: the QR code, scanned off the screen.
        await portalLink(page, 'Configure OTP').click();
        await page.getByRole('button', { name: 'Gatehouse Key' }).click();
        const qr = page.getByRole('img', { name: 'QR code' });
        await qr.waitFor();
        const scanned = decodeQrImage(await qr.screenshot());
        assert.match(
          scanned,
          /^otpauth:\/\/totp\/Gatehouse:olivia\.portal(@|%40)example\.com\?secret=[A-Z2-7]{32}&issuer=Gatehouse(&|$)/,
        );
        const secret = secretOfOtpauthUri(scanned);

        // A wrong code is refused and the form is still there for another try.
        await page.getByText('For apps other than Gatehouse Key', { exact: true }).click();
        await page.getByLabel('One-Time Password').fill(wrongCode(secret));
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByRole('alert').filter({ hasText: 'Invalid one-time password.' }).waitFor();
        assert.equal(
          decodeQrImage(await page.getByRole('img', { name: 'QR code' }).screenshot()),
          scanned,
          'the same QR code stays valid',
        );

        await page.getByLabel('One-Time Password').fill(oathtoolCode(secret));
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByRole('status').filter({ hasText: 'Success. OTP is now enabled.' }).waitFor();
        assert.equal(await otpTypeShown(page), 'Other authenticator app');

        // Configure OTP → Email: a code arrives by mail; a wrong one first, then the right one.
        await portalLink(page, 'Configure OTP').click();
        await portalLink(page, 'Email').click();
        await page.getByLabel('Email address').fill(OTP_EMAIL);
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByText(`We sent a 6-digit code to ${OTP_EMAIL}`).waitFor();
        const mail = await smtp.waitForMessage(OTP_EMAIL);
        const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
        assert.ok(code, `no code in the mail: ${mail.text}`);

        await page.getByLabel('One-Time Password').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByRole('alert').filter({ hasText: 'Invalid one-time password.' }).waitFor();
        await page.getByLabel('One-Time Password').fill(code);
        await page.getByRole('button', { name: 'Confirm' }).click();
        await page.getByRole('status').filter({ hasText: 'Success. OTP is now enabled.' }).waitFor();
        assert.equal(await otpTypeShown(page), `Email (${OTP_EMAIL})`);

        assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
      } finally {
        await context.close();
      }
    });
  },
);

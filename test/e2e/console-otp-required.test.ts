// C6 in real Chromium: an admin whose console session was opened without OTP sees, once admin OTP enforcement
// applies, a page that says why the console is closed and how to go on, rather than a generic error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { commandLineActor } from '../../src/services/actor.js';
import { chromiumSkipReason, launchChromium, assertConsoleBuilt } from '../support/browser.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';

describe(
  'admin console once admin OTP enforcement applies (sqlite)',
  { skip: chromiumSkipReason(), timeout: 60_000 },
  () => {
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

    it('tells an admin signed in without OTP to log in again with OTP, and where to set it up', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      try {
        await page.goto(`${server.baseUrl}/admin/${DOMAIN}/users`);
        await page.getByLabel('Login ID').fill(ADMIN_LOGIN);
        await page.getByLabel('Password').fill(ADMIN_PASSWORD);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('heading', { name: 'User List' }).waitFor();

        const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
        assert.ok(tenant);
        await server.gatehouse.services.tenants.updateSettings(tenant, commandLineActor(), {
          adminOtpEnforcement: 'now',
        });
        await page.reload();

        await page.getByRole('heading', { name: 'Sign in with a one-time password' }).waitFor();
        assert.match(
          await page.getByRole('alert').innerText(),
          /Administrators must now sign in with a one-time password, and this session was opened without one/,
        );
        assert.equal(
          await page.getByRole('link', { name: 'OTP Settings in the portal' }).getAttribute('href'),
          `/portal/${DOMAIN}/otp`,
        );
        await page.getByRole('link', { name: 'Log in again with OTP' }).click();
        await page.getByLabel('Login ID').waitFor();
        const url = new URL(page.url());
        assert.equal(url.pathname, `/portal/${DOMAIN}/login`);
        assert.equal(url.searchParams.get('next'), `/admin/${DOMAIN}/users`, 'the login brings the admin back');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  },
);

// SPEC §3.3 in real Chromium: the Gatehouse Key web app at /key/ registers itself from the otpauth URI of the OTP
// setup, shows the same code as oathtool, survives a reload (keys in IndexedDB) and works offline (service worker),
// and answers sign-ins made in another browser: a wrong number, Reject, This wasn't me, and the number that
// browser shows, typed. A second test reads a QR code from an image and with the camera (Chromium's fake camera
// plays a video of it), and removes the codes-only account it made.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { enrollDevice } from '../../key/protocol/index.js';
import { CHROMIUM_PATH, chromiumSkipReason } from '../support/browser.js';
import type { HttpClient } from '../support/http-client.js';
import { oathtoolCode, otpToolsSkipReason, secretOfOtpauthUri, startTotpSetup } from '../support/otp-tools.js';
import { findUsers, signedInClient } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
// A plain authenticator QR code (no Gatehouse Key link): the app keeps it as a codes-only account.
const PLAIN_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PLAIN_URI = `otpauth://totp/Example%20Mail:bob%40example.net?secret=${PLAIN_SECRET}&issuer=Example%20Mail&algorithm=SHA1&digits=6&period=30`;

interface WatchedPage {
  page: Page;
  problems: { cspViolations: string[]; pageErrors: string[] };
}

async function openPage(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems = { cspViolations: [] as string[], pageErrors: [] as string[] };
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  await page.goto(url);
  return { page, problems };
}

/** The code an account card shows, once it equals oathtool's (a 30 s step may end between reading and computing). */
async function waitForSameCodeAsOathtool(card: Locator, secret: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const shown = (await card.locator('.code').innerText()).replace(/\s/g, '');
    const expected = oathtoolCode(secret);
    if (shown === expected) return shown;
    if (Date.now() > deadline) assert.equal(shown, expected, 'the web app shows the code oathtool computes');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * A Y4M video (what Chromium's fake camera plays) of one frame showing the QR code of `text`: the luma plane is the
 * picture, chroma is neutral grey.
 */
function qrCodeVideo(text: string, file: string): void {
  const width = 640;
  const height = 480;
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const cell = Math.floor(360 / (modules.size + 8));
  const left = Math.floor((width - modules.size * cell) / 2);
  const top = Math.floor((height - modules.size * cell) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < cell; y++)
        luma.fill(
          16,
          (top + row * cell + y) * width + left + col * cell,
          (top + row * cell + y) * width + left + (col + 1) * cell,
        );
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]),
  );
}

describe(
  'Gatehouse Key web app in Chromium (sqlite)',
  { skip: chromiumSkipReason() || otpToolsSkipReason(), timeout: 120_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let admin: HttpClient;
    let videoDir: string;

    before(async () => {
      videoDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-camera-'));
      const video = path.join(videoDir, 'qr.y4m');
      qrCodeVideo(PLAIN_URI, video);
      // The flags of test/support/browser.ts, plus a fake camera that films the QR code and needs no permission prompt.
      [server, browser] = await Promise.all([
        startTestServer('sqlite'),
        chromium.launch({
          executablePath: CHROMIUM_PATH,
          headless: true,
          timeout: 30_000,
          args: [
            '--no-sandbox',
            '--headless',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-quic',
            '--no-first-run',
            '--disable-component-update',
            '--disable-sync',
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${video}`,
          ],
        }),
      ]);
      admin = await signedInClient(server);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      if (videoDir) rmSync(videoDir, { recursive: true, force: true });
    });

    it('registers from the pasted otpauth URI, shows oathtool’s code, and answers sign-ins by the typed number', async () => {
      const [me] = (await findUsers(admin, { q: ADMIN_LOGIN })).items;
      assert.ok(me);
      const setup = await startTotpSetup(admin, me.id);
      assert.match(setup.otpauthUri, /[?&]gatehouse_enroll=/);
      const secret = secretOfOtpauthUri(setup.otpauthUri);

      const keyContext = await browser.newContext({ viewport: { width: 420, height: 860 } });
      keyContext.setDefaultTimeout(10_000);
      const signInContext = await browser.newContext();
      signInContext.setDefaultTimeout(10_000);
      try {
        const key = await openPage(keyContext, `${server.baseUrl}/key/`);
        await key.page.getByRole('heading', { name: 'Gatehouse Key' }).waitFor();

        // Add account: paste the URI; the link in it makes this an enrolment, under the default device name.
        await key.page.getByLabel('otpauth URI').fill(setup.otpauthUri);
        assert.equal(await key.page.getByLabel('Device name').inputValue(), 'Gatehouse Key web app');
        await key.page.getByRole('button', { name: 'Add', exact: true }).click();
        await key.page.getByRole('status').filter({ hasText: 'Registration completed' }).waitFor();
        assert.equal(
          (await admin.api('GET', `/users/${me.id}`)).json<{ otpType: string }>().otpType,
          'gatehouse-key',
          'the server bound the device',
        );

        const card = key.page.getByRole('article', { name: `Gatehouse: ${ADMIN_LOGIN}` });
        await waitForSameCodeAsOathtool(card, secret);

        // Issue 12: the account's portal Passkeys page, in a new tab so that the app stays open to approve the login
        // there; a browser without WebAuthn is not offered it.
        const addPasskey = card.getByRole('link', { name: 'Add a passkey' });
        assert.equal(await addPasskey.getAttribute('href'), `${server.baseUrl}/portal/${DOMAIN}/passkeys`);
        assert.equal(await addPasskey.getAttribute('target'), '_blank');
        const noWebauthn = await keyContext.newPage();
        await noWebauthn.addInitScript(() => {
          delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
        });
        await noWebauthn.goto(`${server.baseUrl}/key/`);
        const sameCard = noWebauthn.getByRole('article', { name: `Gatehouse: ${ADMIN_LOGIN}` });
        await sameCard.getByText('Approves sign-ins').waitFor();
        assert.equal(await sameCard.getByRole('link', { name: 'Add a passkey' }).count(), 0);
        await noWebauthn.close();

        // Installable: a manifest Chromium accepts, and a service worker controlling /key/ after a reload; the
        // account (and its non-extractable keys) come back from IndexedDB.
        const cdp = await keyContext.newCDPSession(key.page);
        const manifest = await cdp.send('Page.getAppManifest');
        assert.equal(manifest.url, `${server.baseUrl}/key/manifest.webmanifest`);
        assert.deepEqual(manifest.errors, []);
        assert.equal((JSON.parse(manifest.data ?? '{}') as { name?: string }).name, 'Gatehouse Key');
        // Playwright's contexts are incognito, which alone keeps Chromium from offering to install.
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        assert.deepEqual(
          installabilityErrors.filter((error) => error.errorId !== 'in-incognito'),
          [],
        );
        const scope = await key.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
        assert.equal(scope, `${server.baseUrl}/key/`);
        await key.page.reload();
        await card.waitFor();
        assert.ok(
          await key.page.evaluate(() => navigator.serviceWorker.controller !== null),
          'the worker controls the app',
        );
        await waitForSameCodeAsOathtool(card, secret);

        // Offline the shell comes from the worker's cache and the codes still show.
        await keyContext.setOffline(true);
        await key.page.reload();
        await waitForSameCodeAsOathtool(card, secret);
        await keyContext.setOffline(false);

        // Sign-ins of the admin now need OTP: a copy of Default that always requires it.
        const groups = (await admin.api('GET', '/groups')).json<{ items: Array<{ id: string; isDefault: boolean }> }>()
          .items;
        const defaultGroup = groups.find((group) => group.isDefault);
        assert.ok(defaultGroup);
        const copy = await admin.api('POST', `/groups/${defaultGroup.id}/copy`, {
          displayName: 'Key approval',
          skipOtp: 'always-require',
        });
        assert.equal(copy.status, 201, copy.text);
        const assigned = await admin.api('PATCH', `/users/${me.id}`, { groupId: copy.json<{ id: string }>().id });
        assert.equal(assigned.status, 200, assigned.text);

        // 1. A wrong number: the server refuses it, the app says why, and the sign-in browser says so too.
        const first = await signIn(signInContext);
        await typeAndAnswer(key.page, first.number === 99 ? 10 : first.number + 1, 'Accept');
        await key.page
          .getByRole('alert')
          .filter({ hasText: 'The number does not match the one shown in the browser.' })
          .waitFor();
        await first.page.getByText('The number typed on your device did not match the number shown here.').waitFor();
        await first.page.close();

        // 2. Reject.
        const second = await signIn(signInContext);
        await typeAndAnswer(key.page, undefined, 'Reject');
        await key.page.getByRole('status').filter({ hasText: 'Rejected' }).waitFor();
        await second.page.getByText('Login was rejected on your device.').waitFor();
        await second.page.close();

        // 3. This wasn't me: refused and reported; the sign-in browser is sent back to the login form (what it
        // says there is asserted in gatehouse-key.test.ts).
        const third = await signIn(signInContext);
        await typeAndAnswer(key.page, undefined, "This wasn't me");
        await key.page.getByRole('status').filter({ hasText: 'Reported' }).waitFor();
        await third.page.getByRole('button', { name: 'Log in' }).waitFor();
        assert.ok(new URL(third.page.url()).pathname.startsWith(`/portal/${DOMAIN}/login`), third.page.url());
        await third.page.close();

        // 4. The browser's number, typed, and Accept: the sign-in browser moves on to the portal by itself.
        const fourth = await signIn(signInContext);
        await typeAndAnswer(key.page, fourth.number, 'Accept');
        await key.page.getByRole('status').filter({ hasText: 'Accepted' }).waitFor();
        await fourth.page.getByRole('heading', { name: 'Welcome' }).waitFor();
        assert.equal(new URL(fourth.page.url()).pathname, `/portal/${DOMAIN}/`);
        assert.deepEqual(fourth.problems, { cspViolations: [], pageErrors: [] });

        // Another device enrols (here the protocol library from Node): the server now refuses this one, and the app
        // says so once and stops asking (each refusal is logged) until told to check again.
        const replacement = await startTotpSetup(admin, me.id);
        await enrollDevice(replacement.otpauthUri, { deviceName: 'Replacement' });
        const polled: string[] = [];
        key.page.on('request', (request) => {
          if (new URL(request.url()).pathname === '/api/key/v1/requests') polled.push(request.url());
        });
        await card
          .getByRole('alert')
          .filter({ hasText: 'This device is not registered (it may have been replaced by a newer enrolment).' })
          .waitFor();
        const checks = polled.length;
        await key.page.waitForTimeout(4_500);
        assert.equal(polled.length, checks, 'no more polling for a refused device');
        const checkedAgain = key.page.waitForResponse(
          (response) => new URL(response.url()).pathname === '/api/key/v1/requests',
        );
        await card.getByRole('button', { name: 'Check again' }).click();
        assert.equal((await checkedAgain).status(), 401);
        await card.getByRole('button', { name: 'Check again' }).waitFor();

        assert.deepEqual(key.problems, { cspViolations: [], pageErrors: [] });
      } finally {
        await keyContext.close();
        await signInContext.close();
      }

      /** Signs in as the admin in a fresh page up to the approval screen; answers the number it shows. */
      async function signIn(context: BrowserContext): Promise<WatchedPage & { number: number }> {
        await context.clearCookies();
        const watched = await openPage(context, `${server.baseUrl}/portal/${DOMAIN}/login`);
        await watched.page.getByLabel('Login ID').fill(ADMIN_LOGIN);
        await watched.page.getByLabel('Password').fill(ADMIN_PASSWORD);
        await watched.page.getByRole('button', { name: 'Log in' }).click();
        await watched.page.getByRole('heading', { name: 'Approve login on your device' }).waitFor();
        const number = Number(await watched.page.locator('#approval-number').innerText());
        assert.ok(Number.isInteger(number), 'the browser shows a number');
        return { ...watched, number };
      }
    });

    it('scans a QR code with the camera into a codes-only account, then removes it', async () => {
      const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
      context.setDefaultTimeout(15_000);
      try {
        const key = await openPage(context, `${server.baseUrl}/key/`);
        const uriField = key.page.getByLabel('otpauth URI');
        // An image of the QR code (a screenshot) is read the same way.
        await key.page
          .getByLabel('Read an image…')
          .setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(PLAIN_URI) });
        await key.page.waitForFunction(() => document.querySelector('textarea')?.value.startsWith('otpauth://'));
        assert.equal(await uriField.inputValue(), PLAIN_URI);
        await uriField.fill('');

        await key.page.getByRole('button', { name: 'Scan QR code' }).click();
        await key.page.waitForFunction(
          () => document.querySelector('textarea')?.value.startsWith('otpauth://'),
          undefined,
          { timeout: 15_000 },
        );
        assert.equal(await uriField.inputValue(), PLAIN_URI);
        await key.page.getByText('This QR code has no Gatehouse Key link').waitFor();
        assert.equal(await key.page.getByLabel('Device name').count(), 0, 'nothing to register');
        await key.page.getByRole('button', { name: 'Add', exact: true }).click();
        await key.page.getByRole('status').filter({ hasText: 'Account added' }).waitFor();

        const card = key.page.getByRole('article', { name: 'Example Mail: bob@example.net' });
        await card.getByText('Codes only').waitFor();
        assert.equal(await card.getByRole('link', { name: 'Add a passkey' }).count(), 0, 'no server known to it');
        await waitForSameCodeAsOathtool(card, PLAIN_SECRET);

        await card.getByRole('button', { name: 'Remove account' }).click();
        await card.getByRole('button', { name: 'Remove', exact: true }).click();
        await key.page.getByRole('status').filter({ hasText: 'Account removed' }).waitFor();
        await card.waitFor({ state: 'detached' });
        await key.page.reload();
        await key.page.getByLabel('otpauth URI').waitFor();
        assert.equal(await card.count(), 0, 'the removal was stored');

        assert.deepEqual(key.problems, { cspViolations: [], pageErrors: [] });
      } finally {
        await context.close();
      }
    });
  },
);

/**
 * Waits for the app's pending sign-in request, checks it offers no numbers to pick (only a field to type the one
 * the browser shows), types `number` (if any) into that field, and presses `action`.
 */
async function typeAndAnswer(
  page: Page,
  number: number | undefined,
  action: 'Accept' | 'Reject' | "This wasn't me",
): Promise<void> {
  const request = page.getByRole('article', { name: /^Sign-in request from / });
  await request.waitFor();
  const field = request.getByRole('textbox', { name: 'Number shown in the browser' });
  assert.equal(await field.inputValue(), '');
  assert.equal(await field.getAttribute('inputmode'), 'numeric');
  const buttons = (await request.getByRole('button').allInnerTexts()).map((text) => text.trim());
  assert.deepEqual(buttons, ['Accept', 'Reject', "This wasn't me"], 'no buttons with numbers');
  assert.ok(await request.getByRole('button', { name: 'Accept' }).isDisabled(), 'Accept waits for the number');
  if (number !== undefined) await field.fill(String(number));
  // Enter in the field accepts, like the button.
  if (action === 'Accept') await field.press('Enter');
  else await request.getByRole('button', { name: action, exact: true }).click();
  await request.waitFor({ state: 'detached' });
}

// Gatehouse Key end to end (SPEC §3.1 step 4, §3.3, §5.1 step 4; docs/key-protocol.md) in real Chromium with the
// real `gatehouse-key` command: the admin shows the QR code in the console, the command registers itself from a
// screenshot of it and the console notices by itself; the same QR code still works for other apps (zbarimg +
// oathtool, through "Enter a code instead"); sign-ins are approved by typing the browser's number, rejected,
// reported ("This wasn't me") and refused for a wrong number from the command; and, on a server with a manual
// clock, an unanswered request expires and a new one can be sent.
// Needs the built console and Key CLI (npm run build, which `npm test` runs first).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.js';
import { describeRun, keyCliBuilt, runKey } from '../support/key-cli.js';
import { chromiumSkipReason, launchChromium, assertConsoleBuilt, signInToConsole } from '../support/browser.js';
import type { HttpClient } from '../support/http-client.js';
import {
  decodeQrImage,
  oathtoolCode,
  otpToolsSkipReason,
  secretOfOtpauthUri,
  startTotpSetup,
} from '../support/otp-tools.js';
import { addUser, type ApiGroup, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const KEY_USER = 'yuki.key@example.com';
const EXPIRY_USER = 'ren.expiry@example.com';
const OTP_GROUP = 'Default - OTP required';
const TOTP_STEP_MS = 30_000;

interface Browsing {
  name: string;
  context: BrowserContext;
  page: Page;
  /** CSP violations (Chromium reports them on the console) and uncaught errors, which no page may produce. */
  problems: { cspViolations: string[]; pageErrors: string[] };
}

/**
 * The one pending request as `gatehouse-key approve` shows it before asking for the number: who, what, from where
 * and when, never a number to pick (only the browser shows it); without an answer the command decides nothing.
 */
async function assertOnePendingRequestShown(home: string): Promise<void> {
  const run = await runKey(home, ['approve', '--wait', '20']);
  const [shown = '', question] = run.stdout.split(/^(?=Type the number)/m);
  assert.match(
    question ?? '',
    /^Type the number shown in the browser to accept, r to reject, or n if this wasn't you: \s*$/,
    describeRun(run),
  );
  const labels = shown
    .trimEnd()
    .split('\n')
    .map((line) => /^(Sign-in request|\s+\w+:)/.exec(line)?.[1]?.trim());
  assert.deepEqual(labels, ['Sign-in request', 'Service:', 'IP:', 'Browser:', 'Time:'], describeRun(run));
  assert.match(run.stderr, /No answer given\./, 'without an answer the command decides nothing');
}

async function freshBrowsing(browser: Browser, name: string): Promise<Browsing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: Browsing['problems'] = { cspViolations: [], pageErrors: [] };
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  return { name, context, page, problems };
}

async function logIn(page: Page, baseUrl: string, loginId: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/portal/${DOMAIN}/login`);
  await page.getByLabel('Login ID').fill(loginId);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Signs in as the Key user and answers the number the approval page shows. */
async function signInToApproval(page: Page, baseUrl: string, loginId: string): Promise<number> {
  await logIn(page, baseUrl, loginId, GOOD_PASSWORD);
  await page.getByRole('heading', { name: 'Approve login on your device' }).waitFor();
  const text = (await page.locator('#approval-number').innerText()).trim();
  assert.match(text, /^\d{2}$/, `the approval number is "${text}"`);
  return Number(text);
}

async function assertSignedInToPortal(page: Page, baseUrl: string, loginId: string): Promise<void> {
  await page.waitForURL(`${baseUrl}/portal/${DOMAIN}/`);
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  assert.equal(await page.locator('#signed-in-user').innerText(), loginId);
}

function otpTypeCell(page: Page) {
  return page
    .getByRole('region', { name: 'OTP', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'OTP Type', exact: true }) })
    .getByRole('cell')
    .first();
}

/** Copies the Default group with Skip OTP authentication = Always require and puts the user in it (SPEC §4). */
async function requireOtpFor(admin: HttpClient, userId: string): Promise<void> {
  const groups = (await admin.api('GET', '/groups')).json<{ items: ApiGroup[] }>().items;
  const defaultGroup = groups.find((group) => group.isDefault);
  assert.ok(defaultGroup, 'no Default group');
  const copied = await admin.api('POST', `/groups/${defaultGroup.id}/copy`, {
    displayName: OTP_GROUP,
    skipOtp: 'always-require',
  });
  assert.equal(copied.status, 201, copied.text);
  const moved = await admin.api('PATCH', `/users/${userId}`, { groupId: copied.json<ApiGroup>().id });
  assert.equal(moved.status, 200, moved.text);
}

function assertNoProblems(browsings: Browsing[]): void {
  for (const browsing of browsings)
    assert.deepEqual(browsing.problems, { cspViolations: [], pageErrors: [] }, `context ${browsing.name}`);
}

const skip = chromiumSkipReason() || otpToolsSkipReason();

describe('Gatehouse Key in Chromium with the gatehouse-key command (sqlite)', { skip, timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let admin: HttpClient;
  let keyHome: string;
  let userId: string;
  let qrPng: string;
  /** When the command registered: its first code used up that TOTP step. */
  let enrolledAt = 0;
  const browsings: Browsing[] = [];

  before(async () => {
    assertConsoleBuilt();
    assert.ok(keyCliBuilt(), 'Gatehouse Key is not built: run "npm run build" first');
    keyHome = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-home-'));
    qrPng = path.join(keyHome, 'qr.png');
    [server, browser] = await Promise.all([startTestServer('sqlite'), launchChromium()]);
    admin = await signedInClient(server);
    userId = (await addUser(admin, { loginId: KEY_USER, displayName: 'Yuki Key', email: KEY_USER })).id;
  });
  after(async () => {
    for (const browsing of browsings) await browsing.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (keyHome) rmSync(keyHome, { recursive: true, force: true });
  });

  it('registers Gatehouse Key from a screenshot of the console QR code; the console notices by itself', async () => {
    const a = await freshBrowsing(browser, 'A (console)');
    browsings.push(a);
    const page = a.page;
    await signInToConsole(page, server.baseUrl, DOMAIN);
    await page.getByRole('link', { name: KEY_USER, exact: true }).click();
    await page.getByRole('heading', { name: 'User Details' }).waitFor();
    assert.equal((await otpTypeCell(page).innerText()).trim(), 'Not configured');

    await page.getByRole('region', { name: 'OTP', exact: true }).getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'OTP setup' }).waitFor();
    await page.getByRole('button', { name: 'Gatehouse Key', exact: true }).click();
    const qr = page.getByRole('img', { name: 'QR code' });
    await qr.waitFor();
    writeFileSync(qrPng, await qr.screenshot());

    const scanned = decodeQrImage(await qr.screenshot());
    const enrolLink = new URL(scanned).searchParams.get('gatehouse_enroll');
    assert.ok(
      enrolLink?.startsWith(`${server.baseUrl}/api/key/v1/enroll/`),
      `the QR code's enrolment link is ${enrolLink}`,
    );

    const enrolled = await runKey(keyHome, ['enroll', qrPng, '--name', 'Yuki test laptop']);
    enrolledAt = Date.now();
    assert.equal(enrolled.exitCode, 0, describeRun(enrolled));
    assert.match(enrolled.stdout, /^Registration completed$/m, describeRun(enrolled));

    // No click: the console polls the setup and shows the success by itself.
    await page.getByRole('status').filter({ hasText: 'Success. OTP is now enabled.' }).waitFor();
    await page.getByRole('button', { name: 'Back to User Details' }).click();
    await page.getByRole('heading', { name: 'User Details' }).waitFor();
    assert.equal((await otpTypeCell(page).innerText()).trim(), 'Gatehouse Key');
    await page.screenshot({ path: '/tmp/gatehouse-key-1-console-enrolled.png', fullPage: true });
    assertNoProblems([a]);
  });

  it('approves a sign-in with the number typed at the command; the browser moves on by itself', async () => {
    assert.ok(enrolledAt > 0, 'the registration test did not run');
    await requireOtpFor(admin, userId);
    const b = await freshBrowsing(browser, 'B (accept)');
    browsings.push(b);
    const number = await signInToApproval(b.page, server.baseUrl, KEY_USER);
    await b.page.screenshot({ path: '/tmp/gatehouse-key-2-approve.png', fullPage: true });
    await assertOnePendingRequestShown(keyHome);
    const approved = await runKey(keyHome, ['approve', '--wait', '20'], { input: `${number}\n` });
    assert.equal(approved.exitCode, 0, describeRun(approved));
    assert.match(approved.stdout, /or n if this wasn't you: \d\d\nAccepted$/m, describeRun(approved));
    await assertSignedInToPortal(b.page, server.baseUrl, KEY_USER);
    assertNoProblems([b]);
  });

  it('rejects a sign-in from the command', async () => {
    const c = await freshBrowsing(browser, 'C (reject)');
    browsings.push(c);
    await signInToApproval(c.page, server.baseUrl, KEY_USER);
    const rejected = await runKey(keyHome, ['approve', '--reject', '--wait', '20']);
    assert.equal(rejected.exitCode, 0, describeRun(rejected));
    assert.match(rejected.stdout, /^Rejected$/m, describeRun(rejected));
    await c.page.getByRole('alert').filter({ hasText: 'Login was rejected on your device.' }).waitFor();
    assert.equal(new URL(c.page.url()).pathname.startsWith(`/portal/${DOMAIN}/login`), true, c.page.url());
    assertNoProblems([c]);
  });

  it('refuses a number other than the one shown, and the browser says so', async () => {
    const d = await freshBrowsing(browser, 'D (wrong number)');
    browsings.push(d);
    const shownNumber = await signInToApproval(d.page, server.baseUrl, KEY_USER);
    const wrong = shownNumber === 99 ? 10 : shownNumber + 1;

    const answered = await runKey(keyHome, ['approve', '--number', String(wrong), '--wait', '20']);
    assert.notEqual(answered.exitCode, 0, describeRun(answered));
    assert.match(answered.stderr, /The number does not match the one shown in the browser\./, describeRun(answered));
    assert.doesNotMatch(answered.stdout, /^Accepted$/m);
    await d.page
      .getByRole('alert')
      .filter({ hasText: 'The number typed on your device did not match the number shown here.' })
      .waitFor();
    assertNoProblems([d]);
  });

  it('reports a sign-in with --not-me ("This wasn\'t me"); the browser does not sign in', async () => {
    const f = await freshBrowsing(browser, 'F (not me)');
    browsings.push(f);
    await signInToApproval(f.page, server.baseUrl, KEY_USER);
    const reported = await runKey(keyHome, ['approve', '--not-me', '--wait', '20']);
    assert.equal(reported.exitCode, 0, describeRun(reported));
    assert.match(
      reported.stdout,
      /^Reported: the sign-in was refused and flagged for your administrators\.$/m,
      describeRun(reported),
    );
    await f.page
      .getByRole('alert')
      .filter({ hasText: 'This login was reported on your device as not yours, and has been stopped.' })
      .waitFor();
    assert.equal(new URL(f.page.url()).pathname.startsWith(`/portal/${DOMAIN}/login`), true, f.page.url());
    assertNoProblems([f]);
  });

  // Last in this server on purpose: the approval request the page made stays pending on the device after the code
  // ends the sign-in, and the push tests above pick the newest pending request.
  it('accepts a code of another app from the same QR code through "Enter a code instead"', async () => {
    assert.ok(enrolledAt > 0, 'the registration test did not run');
    const e = await freshBrowsing(browser, 'E (code instead)');
    browsings.push(e);
    await signInToApproval(e.page, server.baseUrl, KEY_USER);
    await e.page.getByRole('link', { name: 'Enter a code instead' }).click();
    await e.page.getByRole('heading', { name: 'One-Time Password' }).waitFor();

    // The PNG the command registered from, read by zbarimg; oathtool computes the code. The step Key's first code
    // used is spent (replay guard), so take the next one: the server accepts one step of drift either way.
    const secret = secretOfOtpauthUri(decodeQrImage(readFileSync(qrPng)));
    const nextStepAt = (Math.floor(enrolledAt / TOTP_STEP_MS) + 1) * TOTP_STEP_MS;
    await e.page
      .getByRole('textbox', { name: 'One-Time Password', exact: true })
      .fill(oathtoolCode(secret, Math.max(nextStepAt, Date.now())));
    await e.page.getByRole('button', { name: 'Verify' }).click();
    await assertSignedInToPortal(e.page, server.baseUrl, KEY_USER);
    assertNoProblems([e]);
  });
});

describe('Gatehouse Key approval expiry in Chromium (sqlite, manual clock)', { skip, timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let keyHome: string;
  const clock = new ManualClock(Date.now());
  let browsing: Browsing | undefined;

  before(async () => {
    keyHome = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-home-'));
    [server, browser] = await Promise.all([startTestServer('sqlite', { clock }), launchChromium()]);
  });
  after(async () => {
    await browsing?.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (keyHome) rmSync(keyHome, { recursive: true, force: true });
  });

  it('shows an expired request after 60 s and sends a new one on request', async () => {
    clock.set(Date.now());
    const admin = await signedInClient(server);
    const user = await addUser(admin, { loginId: EXPIRY_USER, displayName: 'Ren Expiry', email: EXPIRY_USER });
    await requireOtpFor(admin, user.id);
    // Enrol while the server's clock still agrees with the command's: its first code is checked against it.
    const setup = await startTotpSetup(admin, user.id);
    clock.set(Date.now());
    const enrolled = await runKey(keyHome, ['enroll', setup.otpauthUri, '--name', 'Ren test laptop']);
    assert.equal(enrolled.exitCode, 0, describeRun(enrolled));
    assert.match(enrolled.stdout, /^Registration completed$/m, describeRun(enrolled));

    browsing = await freshBrowsing(browser, 'expiry');
    const page = browsing.page;
    clock.set(Date.now());
    await signInToApproval(page, server.baseUrl, EXPIRY_USER);
    clock.advance(61_000);
    await page.getByRole('alert').filter({ hasText: 'The request expired before it was answered.' }).waitFor();
    assert.equal(await page.locator('#approval-number').count(), 0, 'an expired request shows no number');
    await page.screenshot({ path: '/tmp/gatehouse-key-3-expired.png', fullPage: true });

    await page.getByRole('button', { name: 'Send a new request' }).click();
    await page.getByRole('heading', { name: 'Approve login on your device' }).waitFor();
    const newNumber = Number((await page.locator('#approval-number').innerText()).trim());
    assert.ok(newNumber >= 10 && newNumber <= 99, `the new number is ${newNumber}`);
    assert.equal(await page.getByText('The request expired before it was answered.').count(), 0);

    // The new request is the only pending one (the expired one is gone), and answering it signs in.
    await assertOnePendingRequestShown(keyHome);
    const approved = await runKey(keyHome, ['approve', '--number', String(newNumber), '--wait', '20']);
    assert.equal(approved.exitCode, 0, describeRun(approved));
    assert.match(approved.stdout, /^Accepted$/m, describeRun(approved));
    await assertSignedInToPortal(page, server.baseUrl, EXPIRY_USER);
    assertNoProblems([browsing]);
  });
});

// The reference article (docs: /work/shared/product/reference-article.txt, SPEC §3.1, §4, §5.1), step by step in
// real Chromium, against any Gatehouse: one server, or nodes behind a load balancer.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { decodeQrImage, oathtoolCode, secretOfOtpauthUri } from './otp-tools.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from './test-server.js';

const DOMAIN = 'example.com';
const NEW_GROUP = 'Default - OTP required';
const TOTP_STEP_MS = 30_000;

interface Browsing {
  context: BrowserContext;
  page: Page;
  /** CSP violations (Chromium reports them on the console) and uncaught errors, which no page may produce. */
  problems: { cspViolations: string[]; pageErrors: string[] };
}

/** A browser context of its own: no cookies shared with any other, like a separate browser or private window. */
async function freshBrowsing(browser: Browser, onResponse?: (response: Response) => void): Promise<Browsing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  if (onResponse) context.on('response', onResponse);
  const page = await context.newPage();
  const problems: Browsing['problems'] = { cspViolations: [], pageErrors: [] };
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  return { context, page, problems };
}

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('Login ID').fill(ADMIN_LOGIN);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

function menuLink(page: Page, label: string) {
  return page.getByRole('navigation', { name: 'Console menu' }).getByRole('link', { name: label, exact: true });
}

/** [Users] – [User List], then the user: the details screen. */
async function openUserDetails(page: Page, loginId: string): Promise<void> {
  await menuLink(page, 'User List').click();
  await page.getByRole('heading', { name: 'User List' }).waitFor();
  await page.getByRole('link', { name: loginId, exact: true }).click();
  await page.getByRole('heading', { name: 'User Details' }).waitFor();
}

/** [Access Policy] – [Access Policy Groups] on the user details screen. */
function accessPolicyGroupsSelect(page: Page) {
  return page
    .getByRole('region', { name: 'Access Policy', exact: true })
    .getByRole('combobox', { name: 'Access Policy Groups' });
}

async function selectedOptionText(page: Page): Promise<string> {
  return accessPolicyGroupsSelect(page).evaluate(
    (select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '',
  );
}

async function assignGroup(page: Page, groupName: string): Promise<void> {
  await accessPolicyGroupsSelect(page).selectOption({ label: groupName });
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  assert.equal(await selectedOptionText(page), groupName);
}

function otpTypeCell(page: Page) {
  return page
    .getByRole('region', { name: 'OTP', exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'OTP Type', exact: true }) })
    .getByRole('cell')
    .first();
}

/** The portal home after a completed sign-in, naming who is signed in. */
async function assertSignedInToPortal(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Welcome' }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/portal/${DOMAIN}/`);
  assert.equal(await page.locator('#signed-in-user').innerText(), ADMIN_LOGIN);
}

/**
 * The initial admin registers OTP for themselves from the User List with an authenticator app, copies their Access
 * Policy Group with Skip OTP authentication = Always require, assigns it, verifies in a second browser with no cookies
 * that the login now asks for a one-time password, and reverts; no page breaks its Content Security Policy. Screenshots
 * go to <screenshots>-<n>-*.png. Takes up to 30 s more than the clicks: the second code must be of a new step.
 */
export async function walkReferenceArticle(
  browser: Browser,
  baseUrl: string,
  options: { screenshots?: string; onResponse?: (response: Response) => void } = {},
): Promise<void> {
  const { screenshots = '/tmp/gatehouse-article', onResponse } = options;
  const a = await freshBrowsing(browser, onResponse);
  const others: Browsing[] = [];
  try {
    const page = a.page;
    await page.goto(`${baseUrl}/admin/${DOMAIN}/`);
    await logIn(page);
    await page.getByRole('heading', { name: 'User List' }).waitFor();

    // Select the admin to register OTP: [Users] – [User List], the user, [OTP] – [OTP Type] – [Register].
    await openUserDetails(page, ADMIN_LOGIN);
    assert.equal((await otpTypeCell(page).innerText()).trim(), 'Not configured');
    await page.getByRole('region', { name: 'OTP', exact: true }).getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'OTP setup' }).waitFor();

    // Registering OTP with apps other than Gatehouse Key: Gatehouse Key → QR code → For apps other than….
    await page.getByRole('button', { name: 'Gatehouse Key', exact: true }).click();
    const qr = page.getByRole('img', { name: 'QR code' });
    await qr.waitFor();
    await page.screenshot({ path: `${screenshots}-1-qr-code.png`, fullPage: true });
    const scanned = decodeQrImage(await qr.screenshot());
    assert.match(
      scanned,
      /^otpauth:\/\/totp\/Gatehouse:admin(@|%40)example\.com\?secret=[A-Z2-7]{32}&issuer=Gatehouse(&|$)/,
    );
    const secret = secretOfOtpauthUri(scanned);
    await page.getByRole('button', { name: 'For apps other than Gatehouse Key', exact: true }).click();
    const registeredAt = Date.now();
    const registrationCode = oathtoolCode(secret, registeredAt);
    await page.getByRole('textbox', { name: 'One-Time Password', exact: true }).fill(registrationCode);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Success. OTP is now enabled.' }).waitFor();
    await page.screenshot({ path: `${screenshots}-2-otp-enabled.png`, fullPage: true });

    // The group the admin belongs to: [User List] → the admin → [Access Policy] – [Access Policy Groups].
    await page.getByRole('button', { name: 'Back to User Details' }).click();
    await page.getByRole('heading', { name: 'User Details' }).waitFor();
    assert.equal((await otpTypeCell(page).innerText()).trim(), 'Other authenticator app');
    const originalGroup = await selectedOptionText(page);
    assert.equal(originalGroup, 'Default');

    // Step 1–3: [Access Control] – [Access Policy Groups], the copy icon of that group, Copy Access Policy Group.
    await menuLink(page, 'Access Policy Groups').click();
    await page.getByRole('heading', { name: 'Access Policy Groups' }).waitFor();
    await page.getByRole('button', { name: `Copy ${originalGroup}`, exact: true }).click();
    await page.getByRole('heading', { name: 'Copy Access Policy Group' }).waitFor();
    await page.getByRole('textbox', { name: 'Display Name', exact: true }).fill(NEW_GROUP);
    const skipOtp = page.getByRole('combobox', { name: 'Skip OTP authentication' });
    assert.equal(await skipOtp.inputValue(), 'always-skip', 'the Default group never asks for OTP');
    await skipOtp.selectOption({ label: 'Always require' });
    await page.screenshot({ path: `${screenshots}-3-copy-group.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Access Policy Groups' }).waitFor();
    await page.getByRole('link', { name: NEW_GROUP, exact: true }).waitFor();

    // Steps 4–6: [Users] – [User List], the admin, [Access Policy Groups] = the new group, [Save Changes].
    await openUserDetails(page, ADMIN_LOGIN);
    assert.equal(await selectedOptionText(page), originalGroup);
    await assignGroup(page, NEW_GROUP);

    // Step 7: a different browser with no cookies; after the password, OTP input is required.
    const b = await freshBrowsing(browser, onResponse);
    others.push(b);
    await b.page.goto(`${baseUrl}/portal/${DOMAIN}/login`);
    await logIn(b.page);
    const otpInput = b.page.getByRole('textbox', { name: 'One-Time Password', exact: true });
    await otpInput.waitFor();
    await b.page.getByRole('heading', { name: 'One-Time Password' }).waitFor();
    await b.page.screenshot({ path: `${screenshots}-4-otp-step.png`, fullPage: true });
    // The app's code must be a new one: the server never takes a code twice (the one typed at registration is
    // refused, and the attempt goes on), so wait for the app's next 30-s step.
    await otpInput.fill(registrationCode);
    await b.page.getByRole('button', { name: 'Verify' }).click();
    await b.page.getByRole('alert').filter({ hasText: 'Invalid one-time password.' }).waitFor();
    const nextStepAt = (Math.floor(registeredAt / TOTP_STEP_MS) + 1) * TOTP_STEP_MS;
    await sleep(Math.max(0, nextStepAt - Date.now() + 200));
    await otpInput.fill(oathtoolCode(secret, Math.max(nextStepAt, Date.now())));
    await b.page.getByRole('button', { name: 'Verify' }).click();
    await assertSignedInToPortal(b.page);
    await b.page.screenshot({ path: `${screenshots}-5-signed-in-with-otp.png`, fullPage: true });

    // "Do not close the browser you are working in": the console session in A was not touched by B's login.
    await page.reload();
    await page.getByRole('heading', { name: 'User Details' }).waitFor();
    assert.equal(await selectedOptionText(page), NEW_GROUP);
    assert.equal(new URL(page.url()).pathname.startsWith(`/admin/${DOMAIN}/`), true);

    // Step 8: in the original browser, revert to the original Access Policy Group.
    await assignGroup(page, originalGroup);
    await page.screenshot({ path: `${screenshots}-6-reverted.png`, fullPage: true });

    // With the original group, a new sign-in in a fresh browser needs no OTP.
    const c = await freshBrowsing(browser, onResponse);
    others.push(c);
    await c.page.goto(`${baseUrl}/portal/${DOMAIN}/login`);
    await logIn(c.page);
    await assertSignedInToPortal(c.page);
    assert.equal(await c.page.getByRole('textbox', { name: 'One-Time Password' }).count(), 0);

    for (const [name, browsing] of [
      ['A', a],
      ['B', b],
      ['C', c],
    ] as const) {
      assert.deepEqual(browsing.problems, { cspViolations: [], pageErrors: [] }, `context ${name}`);
    }
  } finally {
    for (const browsing of [a, ...others]) await browsing.context.close();
  }
}

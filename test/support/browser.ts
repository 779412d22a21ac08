import assert from 'node:assert/strict';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/main.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from './test-server.js';

/** Debian's Chromium. Never a downloaded browser: `npx playwright install` does not work on these machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why browser tests cannot run here, for `describe(..., { skip })`, or false when they can. A missing Chromium
 * is a loud skip on a developer machine and a failure in CI, where every browser test must run.
 */
export function chromiumSkipReason(): string | false {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return false;
  } catch {
    const reason = `SKIPPED: Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium); browser tests did not run.`;
    if (process.env.CI) throw new Error(`${reason} CI must not skip browser tests.`);
    console.warn(`\n*** ${reason} ***\n`);
    return reason;
  }
}

/**
 * Chromium launched the way DESIGN.md asks; playwright gives every launch a fresh temporary profile. `extraArgs`
 * adds switches a test needs, such as a host resolver rule.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    timeout: 30_000,
  });
}

/** Browser tests of the console need it built (`npm test` builds it first). */
export function assertConsoleBuilt(): void {
  assert.ok(
    existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html')),
    'the console is not built: run "npm run build:web" first',
  );
}

/**
 * A page in a fresh browser context that records what a test must not see: Content-Security-Policy violations and
 * uncaught page errors (the strict CSP is part of the product).
 */
export async function watchedPage(
  browser: Browser,
  viewport = { width: 1280, height: 1000 },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

/** A link of the console's side menu, by its label. */
export function consoleMenuLink(page: Page, label: string) {
  return page.getByRole('navigation', { name: 'Console menu' }).getByRole('link', { name: label, exact: true });
}

/** Signs the page in to the console as the test server's first administrator, and waits for the first page. */
export async function signInToConsole(page: Page, baseUrl: string, domain = 'example.com'): Promise<void> {
  await page.goto(`${baseUrl}/admin/${domain}/`);
  await page.getByLabel('Login ID').fill(ADMIN_LOGIN);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'User List' }).waitFor();
}

/**
 * Chromium's virtual authenticator (Chrome DevTools Protocol) in a page: a platform authenticator (CTAP2, internal
 * transport) that keeps discoverable credentials, verifies its user and answers without a touch, as a laptop's
 * passkey provider does.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

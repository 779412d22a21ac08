import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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

/** Chromium launched the way DESIGN.md asks; playwright gives every launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

// The reference article (docs: /work/shared/product/reference-article.txt, SPEC §3.1, §4, §5.1), step by step in
// real Chromium against one server on SQLite (test/support/reference-article-walk.ts has the steps; the multi-node
// test walks them through a load balancer). Needs the built console (npm run build:web, which `npm test` runs first).
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertConsoleBuilt, chromiumSkipReason, launchChromium } from '../support/browser.js';
import { otpToolsSkipReason } from '../support/otp-tools.js';
import { walkReferenceArticle } from '../support/reference-article-walk.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe(
  'the reference article in Chromium (sqlite)',
  { skip: chromiumSkipReason() || otpToolsSkipReason(), timeout: 90_000 },
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

    it('registers OTP for the admin, requires it through a copied group, verifies it in another browser, and reverts', () =>
      walkReferenceArticle(browser, server.baseUrl));
  },
);

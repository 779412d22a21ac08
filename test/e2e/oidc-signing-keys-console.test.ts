// Issue 10, in real Chromium against a real server on SQLite: an administrator rotates the tenant's OpenID Connect
// signing keys with the console's buttons (Prepare new key, Activate, Retire) on the Connected Services page, and the
// key set the provider is built with follows. Needs the built console (npm run build:web).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { OidcSigningKey } from '../../src/contract/admin-api/index.js';
import {
  assertConsoleBuilt,
  chromiumSkipReason,
  consoleMenuLink,
  launchChromium,
  signInToConsole,
  watchedPage,
} from '../support/browser.js';
import { signedInClient } from '../support/scenario.js';
import { listKeys, tenantOf } from '../support/signing-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe(
  'OpenID Connect signing keys in the console, in Chromium (sqlite)',
  { skip: chromiumSkipReason(), timeout: 90_000 },
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

    it('rotates the signing keys with overlap: prepare, activate, retire', async () => {
      const admin = await signedInClient(server);
      const keys = () => listKeys<OidcSigningKey>(admin, '/oidc-signing-keys');
      const keySetKids = async () =>
        (await server.gatehouse.services.oidcSigningKeys.keySetFor(await tenantOf(server.gatehouse))).keys.map(
          (key) => key.kid,
        );
      const { page, problems } = await watchedPage(browser);
      await signInToConsole(page, server.baseUrl);
      await consoleMenuLink(page, 'Connected Services').click();
      const panel = page.getByRole('region', { name: 'OpenID Connect signing keys' });
      await panel.getByText('Active', { exact: true }).waitFor();
      const [first] = await keys();
      assert.ok(first);
      // The panel shows each algorithm's key ID, as the JWKS and the tokens' headers name the keys.
      await panel.getByText(first.kids.ES256, { exact: true }).waitFor();
      await panel.getByText(first.kids.RS256, { exact: true }).waitFor();

      await panel.getByRole('button', { name: 'Prepare new key' }).click();
      await panel.getByText('Prepared', { exact: true }).waitFor();
      assert.ok(
        await panel.getByRole('button', { name: 'Prepare new key' }).isDisabled(),
        'one prepared key at a time',
      );
      const prepared = (await keys()).find((key) => key.state === 'next');
      assert.ok(prepared);
      assert.deepEqual(await keySetKids(), [
        first.kids.ES256,
        first.kids.RS256,
        prepared.kids.ES256,
        prepared.kids.RS256,
      ]);

      await panel.getByRole('button', { name: 'Activate' }).click();
      await panel.getByText('Previous', { exact: true }).waitFor();
      assert.deepEqual(await keySetKids(), [
        prepared.kids.ES256,
        prepared.kids.RS256,
        first.kids.ES256,
        first.kids.RS256,
      ]);

      await panel.getByRole('button', { name: 'Retire' }).click();
      await panel.getByText('Previous', { exact: true }).waitFor({ state: 'detached' });
      assert.equal((await keys()).find((key) => key.id === first.id)?.state, 'retired');
      assert.deepEqual(await keySetKids(), [prepared.kids.ES256, prepared.kids.RS256]);
      // The SAML certificates beside it were not touched.
      const saml = await listKeys<{ state: string }>(admin, '/saml-signing-keys');
      assert.deepEqual(
        saml.map((key) => key.state),
        ['active'],
      );
      assert.deepEqual(problems, []);
    });
  },
);

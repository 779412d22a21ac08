// A tenant's domain comes from the URL on every surface; a malformed one names no tenant and is answered 4xx. A NUL
// byte used to reach PostgreSQL, which refused the query: the portal, the admin API and the SAML metadata gave 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import { assertNoInternals } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MALFORMED = ['example.com%00', '%00', 'exa%20mple.com', 'example..com', '-example.com', 'EXAMPLE.COM%00x'];

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`a malformed tenant domain in the URL (${dialect})`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => server?.close());

    it('is a 4xx on the portal, the admin API and the SAML endpoints, never a 5xx', async () => {
      for (const domain of MALFORMED)
        for (const path of [`/portal/${domain}/login`, `/api/admin/${domain}/v1/me`, `/saml/${domain}/metadata`]) {
          const answer = await fetch(server.baseUrl + path);
          const text = await answer.text();
          assert.ok(answer.status >= 400 && answer.status < 500, `${path}: ${answer.status} ${text.slice(0, 200)}`);
          assertNoInternals(text);
        }
    });

    it('still finds the tenant by its domain in any case', async () => {
      assert.equal((await fetch(`${server.baseUrl}/saml/EXAMPLE.com/metadata`)).status, 200);
    });
  });
}

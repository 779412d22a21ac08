import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`smoke (${dialect})`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect);
    });
    after(async () => server?.close());

    it('signs in the initial admin and lists users', async () => {
      const client = new HttpClient(server.baseUrl);
      const login = await client.login(ADMIN_LOGIN, ADMIN_PASSWORD);
      assert.equal(login.status, 303);
      const page = await client.api('GET', '/users');
      assert.equal(page.status, 200);
      assert.equal(page.json<{ total: number }>().total, 1);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSKEY_MESSAGES } from '../../src/core/messages.js';
import type { RegistrationOptions } from '../../src/contract/portal/passkeys.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { type CreationOptionsJSON, SoftwareAuthenticator } from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 12: a passkey ceremony's challenge lives in the database, so a registration started on one node finishes on
 * another, and a response sent to two nodes at once is taken by one of them only.
 */
const PUBLIC_URL = 'https://gatehouse.example';
const PASSKEYS = '/portal/example.com/passkeys';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`passkey registration across two nodes (${dialect})`, { skip }, () => {
    let first: TestServer;
    let second: TestServer;

    before(async () => {
      const env = { GATEHOUSE_PUBLIC_URL: PUBLIC_URL };
      first = await startTestServer(dialect, { env });
      second = await startTestServer(dialect, {
        env,
        databaseUrl: first.databaseUrl,
        dataDir: first.gatehouse.config.dataDir,
      });
    });
    after(async () => {
      await second?.stop();
      await first?.close();
    });

    /** The same browser session, as a load balancer would send its requests to either node. */
    function sameBrowserOn(server: TestServer, client: HttpClient): HttpClient {
      const other = new HttpClient(server.baseUrl);
      for (const [name, value] of client.cookies) other.cookies.set(name, value);
      return other;
    }

    it('starts on one node, finishes on the other, and takes a response on one node only', async () => {
      const admin = await signedInClient(first);
      const user = await addUser(admin, { loginId: 'two.nodes@example.com' });
      const onFirst = await signedInClient(first, 'two.nodes@example.com', GOOD_PASSWORD);
      const onSecond = sameBrowserOn(second, onFirst);
      const csrf = await onFirst.formToken(PASSKEYS);
      const headers = { 'x-csrf-token': csrf };

      const optionsOn = async (client: HttpClient, name: string) => {
        const answer = await client.request('POST', `${PASSKEYS}/options`, { json: { name }, headers });
        assert.equal(answer.status, 200, answer.text);
        return answer.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      };
      const submitTo = (client: HttpClient, name: string, response: unknown) =>
        client.request('POST', PASSKEYS, { json: { name, response }, headers });

      // Started on the first node, finished on the second; the first then finds the challenge spent.
      const laptop = new SoftwareAuthenticator().create(await optionsOn(onFirst, 'Work laptop'), {
        origin: PUBLIC_URL,
      });
      assert.equal((await submitTo(onSecond, 'Work laptop', laptop)).status, 201);
      const replayed = await submitTo(onFirst, 'Work laptop again', laptop);
      assert.equal(replayed.status, 400);
      assert.equal(replayed.json<{ message: string }>().message, PASSKEY_MESSAGES.challengeUnknown);

      // One response sent to both nodes at the same moment: one of them takes it.
      const phone = new SoftwareAuthenticator().create(await optionsOn(onSecond, 'Phone'), { origin: PUBLIC_URL });
      const answers = await Promise.all([submitTo(onFirst, 'Phone', phone), submitTo(onSecond, 'Phone 2', phone)]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 400], answers.map((a) => a.text).join('\n'));
      const refused = answers.find((a) => a.status === 400);
      assert.equal(refused?.json<{ message: string }>().message, PASSKEY_MESSAGES.challengeUnknown);
      const rows = await first.gatehouse.store.db
        .selectFrom('passkeys')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      assert.equal(rows.length, 2);
    });
  });
}

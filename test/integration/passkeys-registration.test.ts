import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { PASSKEY_MESSAGES } from '../../src/core/messages.js';
import { asSelfService } from '../../src/services/actor.js';
import { openStore } from '../../src/store/database.js';
import { insertWebauthnChallengeWithin } from '../../src/store/webauthn-challenges.js';
import { webauthnLibrary } from '../../src/services/passkeys/passkey-registration.js';
import type { PasskeyAdded, RegistrationOptions, RegistrationResponse } from '../../src/contract/portal/passkeys.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpAnswer, HttpClient } from '../support/http-client.js';
import { addUser, assertApiError, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { type CreationOptionsJSON, SoftwareAuthenticator } from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Issue 12, first slice: adding passkeys in the portal, and every bad registration response refused. */
const PUBLIC_URL = 'https://gatehouse.example';
const ORIGIN = 'https://gatehouse.example';
const PASSKEYS = '/portal/example.com/passkeys';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`passkey registration in the portal (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { GATEHOUSE_PUBLIC_URL: PUBLIC_URL } });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    let users = 0;
    async function newUser(): Promise<{ client: HttpClient; id: string }> {
      const loginId = `passkey.user${++users}@example.com`;
      const user = await addUser(admin, { loginId });
      return { client: await signedInClient(server, loginId, GOOD_PASSWORD), id: user.id };
    }

    async function csrf(client: HttpClient): Promise<string> {
      return client.formToken(PASSKEYS);
    }

    async function options(client: HttpClient, name: string): Promise<HttpAnswer> {
      return client.request('POST', `${PASSKEYS}/options`, {
        json: { name },
        headers: { 'x-csrf-token': await csrf(client) },
      });
    }

    async function optionsFor(client: HttpClient, name = 'Work laptop'): Promise<CreationOptionsJSON> {
      const answer = await options(client, name);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
    }

    async function submit(client: HttpClient, name: string, response: RegistrationResponse | unknown) {
      return client.request('POST', PASSKEYS, {
        json: { name, response },
        headers: { 'x-csrf-token': await csrf(client) },
      });
    }

    async function passkeyRows(userId: string) {
      return server.gatehouse.store.db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).execute();
    }

    /** A refusal: 400 passkey_refused with its message, no passkey stored, and a failure in the audit log. */
    async function assertRefused(answer: HttpAnswer, userId: string, message: string, reason: string) {
      assert.equal(assertApiError(answer, 400, 'passkey_refused').message, message);
      assert.equal((await passkeyRows(userId)).length, 0, 'nothing is stored');
      const logged = await server.gatehouse.store.db
        .selectFrom('audit_logs')
        .selectAll()
        .where('target_id', '=', userId)
        .where('operation', '=', 'passkey.add')
        .where('result', '=', 'failure')
        .execute();
      assert.ok(
        logged.some((row) => JSON.parse(row.after_json ?? '{}').reason === reason),
        `a failure with reason ${reason} is logged`,
      );
    }

    it('offers creation options for a discoverable passkey on the public URL, and stores the answer', async () => {
      const { client, id } = await newUser();
      const optionsJSON = await optionsFor(client);
      assert.deepEqual(optionsJSON.rp, { name: 'Gatehouse', id: 'gatehouse.example' }, 'named by the login page title');
      assert.equal(Buffer.from(optionsJSON.user.id, 'base64url').toString(), id, 'the user handle is the user id');
      assert.deepEqual(optionsJSON.authenticatorSelection, {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'preferred',
      });
      assert.deepEqual(
        (optionsJSON.pubKeyCredParams as { alg: number }[]).map((p) => p.alg),
        [-7, -257],
      );
      assert.deepEqual(optionsJSON.excludeCredentials, []);
      const stored = await server.gatehouse.store.db.selectFrom('webauthn_challenges').selectAll().execute();
      assert.ok(
        stored.every((row) => row.challenge_hash !== optionsJSON.challenge),
        'only a hash of the challenge is kept',
      );

      const authenticator = new SoftwareAuthenticator();
      const added = await submit(client, '  Work laptop  ', authenticator.create(optionsJSON, { origin: ORIGIN }));
      assert.equal(added.status, 201, added.text);
      const body = added.json<PasskeyAdded>();
      assert.equal(body.passkey.name, 'Work laptop');
      assert.equal(body.passkey.lastUsedAt, null);
      assert.equal(body.message, PASSKEY_MESSAGES.added);

      const [row] = await passkeyRows(id);
      assert.ok(row);
      assert.equal(row.credential_id, authenticator.credentialIdBase64url);
      assert.equal(row.public_key, authenticator.cosePublicKey().toString('base64url'));
      assert.equal(Number(row.sign_count), 0);
      assert.equal(row.transports, 'internal');
      assert.equal(row.aaguid, '00000000-0000-0000-0000-000000000000');
      assert.equal(row.device_type, 'singleDevice');

      const page = await client.request('GET', PASSKEYS);
      assert.match(page.text, /<td class="passkey-name">Work laptop<\/td>/);
      assert.match(page.text, /2026-12-01 09:00 UTC/);
      const audit = await server.gatehouse.store.db
        .selectFrom('audit_logs')
        .selectAll()
        .where('operation', '=', 'passkey.add')
        .where('target_id', '=', id)
        .where('result', '=', 'success')
        .execute();
      assert.equal(audit.length, 1);

      // A second passkey: the first is excluded, so the same authenticator cannot register twice.
      const next = await optionsFor(client, 'Phone');
      assert.deepEqual(next.excludeCredentials, [
        { id: authenticator.credentialIdBase64url, type: 'public-key', transports: ['internal'] },
      ]);
      assert.equal(
        (await submit(client, 'Phone', new SoftwareAuthenticator().create(next, { origin: ORIGIN }))).status,
        201,
      );
      assert.equal((await passkeyRows(id)).length, 2);
    });

    it('refuses a response made on another origin', async () => {
      const { client, id } = await newUser();
      const response = new SoftwareAuthenticator().create(await optionsFor(client), {
        origin: 'https://gatehouse.example.evil.test',
      });
      await assertRefused(
        await submit(client, 'Work laptop', response),
        id,
        PASSKEY_MESSAGES.wrongOrigin('https://gatehouse.example.evil.test', ORIGIN),
        'wrong-origin',
      );
    });

    it('refuses a credential scoped to another RP ID', async () => {
      const { client, id } = await newUser();
      const response = new SoftwareAuthenticator().create(await optionsFor(client), {
        origin: ORIGIN,
        rpId: 'evil.example',
      });
      await assertRefused(
        await submit(client, 'Work laptop', response),
        id,
        PASSKEY_MESSAGES.wrongRpId('gatehouse.example'),
        'wrong-rp-id',
      );
    });

    it('takes a challenge once, even from two requests at the same time', async () => {
      const { client, id } = await newUser();
      const response = new SoftwareAuthenticator().create(await optionsFor(client), { origin: ORIGIN });
      const answers = await Promise.all([submit(client, 'First', response), submit(client, 'Second', response)]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 400]);
      const refused = answers.find((a) => a.status === 400);
      assert.equal(refused?.json<{ message: string }>().message, PASSKEY_MESSAGES.challengeUnknown);
      assert.equal((await passkeyRows(id)).length, 1);

      const again = await submit(client, 'Third', response);
      assert.equal(assertApiError(again, 400, 'passkey_refused').message, PASSKEY_MESSAGES.challengeUnknown);
      assert.equal((await passkeyRows(id)).length, 1);
    });

    it('refuses an expired challenge', async () => {
      const { client, id } = await newUser();
      const optionsJSON = await optionsFor(client);
      clock.advance(5 * 60_000 + 1_000);
      const response = new SoftwareAuthenticator().create(optionsJSON, { origin: ORIGIN });
      await assertRefused(
        await submit(client, 'Work laptop', response),
        id,
        PASSKEY_MESSAGES.challengeExpired,
        'challenge-expired',
      );
    });

    it('refuses malformed JSON, client data and CBOR', async () => {
      const { client, id } = await newUser();
      const broken = await client.request('POST', PASSKEYS, {
        body: '{"name": "Work laptop", "response": {',
        headers: { 'content-type': 'application/json', 'x-csrf-token': await csrf(client) },
      });
      assertApiError(broken, 400, 'malformed_json');

      const good = new SoftwareAuthenticator().create(await optionsFor(client), { origin: ORIGIN });
      const notJson = {
        ...good,
        response: { ...good.response, clientDataJSON: Buffer.from('{"type":').toString('base64url') },
      };
      await assertRefused(
        await submit(client, 'Work laptop', notJson),
        id,
        PASSKEY_MESSAGES.malformedClientData,
        'malformed-client-data',
      );

      const fresh = new SoftwareAuthenticator().create(await optionsFor(client), { origin: ORIGIN });
      // A map that announces three pairs and ends after one.
      const badCbor = Buffer.from([0xa3, 0x63, 0x66, 0x6d, 0x74, 0x64, 0x6e, 0x6f, 0x6e, 0x65]).toString('base64url');
      await assertRefused(
        await submit(client, 'Work laptop', { ...fresh, response: { ...fresh.response, attestationObject: badCbor } }),
        id,
        PASSKEY_MESSAGES.malformedAttestation,
        'malformed-attestation',
      );

      const shapeless = await submit(client, 'Work laptop', { id: 'abc' });
      assertApiError(shapeless, 400, 'validation_failed');
      assert.equal((await passkeyRows(id)).length, 0);
    });

    it('stores an RS256 passkey (Windows Hello) with its RSA public key', async () => {
      const { client, id } = await newUser();
      const authenticator = new SoftwareAuthenticator('RS256');
      const added = await submit(
        client,
        'Windows Hello',
        authenticator.create(await optionsFor(client), { origin: ORIGIN }),
      );
      assert.equal(added.status, 201, added.text);
      const [row] = await passkeyRows(id);
      assert.ok(row);
      assert.equal(row.credential_id, authenticator.credentialIdBase64url);
      assert.equal(row.public_key, authenticator.cosePublicKey().toString('base64url'), 'the COSE key, alg -257');
      const [, { decodeCredentialPublicKey }] = await webauthnLibrary();
      const cose = decodeCredentialPublicKey(Buffer.from(row.public_key, 'base64url'));
      assert.deepEqual([cose.get(1), cose.get(3)], [3, -257], 'kty RSA, alg RS256');
    });

    it('refuses a key of an algorithm other than ES256 and RS256', async () => {
      const { client, id } = await newUser();
      const response = new SoftwareAuthenticator('EdDSA').create(await optionsFor(client), { origin: ORIGIN });
      await assertRefused(
        await submit(client, 'Work laptop', response),
        id,
        PASSKEY_MESSAGES.unsupportedAlgorithm,
        'unsupported-algorithm',
      );
    });

    it('refuses an answer to a challenge issued to another user, which stays usable by its own user', async () => {
      const mallory = await newUser();
      const victim = await newUser();
      const victimOptions = await optionsFor(victim.client);
      const response = new SoftwareAuthenticator().create(victimOptions, { origin: ORIGIN });
      await assertRefused(
        await submit(mallory.client, 'Work laptop', response),
        mallory.id,
        PASSKEY_MESSAGES.challengeUnknown,
        'challenge-unknown',
      );
      assert.equal((await submit(victim.client, 'Work laptop', response)).status, 201);
    });

    it('requires user verification when asked to (what a group setting will ask for)', async () => {
      const { id } = await newUser();
      const { services, store } = server.gatehouse;
      const tenant = await services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      const user = await store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const actor = asSelfService({ userId: id, loginId: user.login_id, role: user.role, ip: '127.0.0.1' });
      const rp = { id: 'gatehouse.example', origin: ORIGIN, name: 'Gatehouse' };
      const started = await services.passkeyRegistration.start(tenant, actor, user, rp, 'Key', 'required');
      assert.equal(started.authenticatorSelection?.userVerification, 'required');
      const response = new SoftwareAuthenticator().create(started as unknown as CreationOptionsJSON, {
        origin: ORIGIN,
        userVerified: false,
      });
      await assert.rejects(
        services.passkeyRegistration.finish(tenant, actor, user, rp, { name: 'Key', response }, 'required'),
        { name: 'PasskeyRefusedError', message: PASSKEY_MESSAGES.userNotVerified },
      );
      assert.equal((await passkeyRows(id)).length, 0);
    });

    it("refuses a credential that is already another user's passkey", async () => {
      const first = await newUser();
      const second = await newUser();
      const authenticator = new SoftwareAuthenticator();
      const mine = authenticator.create(await optionsFor(first.client), { origin: ORIGIN });
      assert.equal((await submit(first.client, 'Work laptop', mine)).status, 201);
      const theirs = authenticator.create(await optionsFor(second.client), { origin: ORIGIN });
      const refused = assertApiError(await submit(second.client, 'Work laptop', theirs), 409, 'conflict');
      assert.equal(refused.message, PASSKEY_MESSAGES.alreadyRegistered);
      assert.equal((await passkeyRows(second.id)).length, 0);
      assert.equal((await passkeyRows(first.id)).length, 1);
    });

    it('refuses a response to a sign-in rather than a registration', async () => {
      const { client, id } = await newUser();
      const response = new SoftwareAuthenticator().create(await optionsFor(client), {
        origin: ORIGIN,
        type: 'webauthn.get',
      });
      await assertRefused(
        await submit(client, 'Work laptop', response),
        id,
        PASSKEY_MESSAGES.wrongCeremony,
        'wrong-ceremony',
      );
    });

    it('checks names: required, at most 64 characters, no control characters, unique per user', async () => {
      const { client, id } = await newUser();
      const refusals: [string, string][] = [
        ['   ', 'Passkey name is required, such as "Work laptop".'],
        ['x'.repeat(65), 'Passkey name must be at most 64 characters.'],
        ['Work\u0007laptop', 'Passkey name must not contain control characters.'],
      ];
      for (const [name, message] of refusals) {
        const answer = assertApiError(await options(client, name), 400, 'validation_failed', 'name');
        assert.equal(answer.message, message);
      }
      // 64 characters counted as the user sees them, emoji included.
      assert.equal((await options(client, '🔑'.repeat(64))).status, 200);

      const optionsJSON = await optionsFor(client, 'Work laptop');
      assert.equal(
        (await submit(client, 'Work laptop', new SoftwareAuthenticator().create(optionsJSON, { origin: ORIGIN })))
          .status,
        201,
      );
      const taken = assertApiError(await options(client, 'Work laptop'), 409, 'conflict', 'name');
      assert.equal(taken.message, PASSKEY_MESSAGES.duplicateName('Work laptop'));
      // Another user may use the same name.
      assert.equal((await options((await newUser()).client, 'Work laptop')).status, 200);
      assert.equal((await passkeyRows(id)).length, 1);
    });

    it('lets a user hold at most 10 unanswered registration requests at a time', async () => {
      const { client } = await newUser();
      for (let i = 0; i < 10; i++) await optionsFor(client, `Key ${i}`);
      const refused = assertApiError(await options(client, 'Key 10'), 429, 'too_soon');
      assert.equal(refused.message, PASSKEY_MESSAGES.tooManyRequests);
      clock.advance(5 * 60_000 + 1_000);
      await optionsFor(client, 'Key 10');
    });

    it('never holds more than 10 unanswered registration requests, however many arrive at once', async () => {
      const { client, id } = await newUser();
      const token = await csrf(client);
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          client.request('POST', `${PASSKEYS}/options`, {
            json: { name: `Key ${i}` },
            headers: { 'x-csrf-token': token },
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      assert.equal(statuses.filter((status) => status === 200).length, 10, statuses.join(' '));
      assert.equal(statuses.filter((status) => status === 429).length, 30, statuses.join(' '));
      const stored = await server.gatehouse.store.db
        .selectFrom('webauthn_challenges')
        .select('challenge_hash')
        .where('user_id', '=', id)
        .where('purpose', '=', 'register')
        .execute();
      assert.equal(stored.length, 10);
    });

    // Two nodes on PostgreSQL only: SQLite serves one node (docs/operations.md), whose one connection runs one
    // statement at a time; the parallel HTTP requests above race it there.
    if (dialect === 'postgres')
      it('keeps the cap when two nodes store challenges for one user at once, counting only live ones of that ceremony', async () => {
        const { id } = await newUser();
        const tenantId = (await server.gatehouse.services.tenants.findByDomain('example.com'))?.id ?? '';
        const otherNode = openStore(server.databaseUrl);
        try {
          const now = clock.now();
          const row = (n: number, purpose: 'register' | 'authenticate' = 'register', at = now) => ({
            challenge_hash: `two-nodes-${id}-${purpose}-${at}-${n}`,
            tenant_id: tenantId,
            user_id: id,
            purpose,
            created_at: at,
            expires_at: at + 5 * 60_000,
          });
          // Expired ones and another ceremony's do not use up the cap.
          assert.ok(
            await insertWebauthnChallengeWithin(server.gatehouse.store, row(0, 'register', now - 10 * 60_000), 3),
          );
          assert.ok(await insertWebauthnChallengeWithin(otherNode, row(0, 'authenticate'), 3));
          const stored = await Promise.all(
            Array.from({ length: 30 }, (_, n) =>
              insertWebauthnChallengeWithin(n % 2 ? otherNode : server.gatehouse.store, row(n + 1), 3),
            ),
          );
          assert.equal(stored.filter(Boolean).length, 3);
          const live = await server.gatehouse.store.db
            .selectFrom('webauthn_challenges')
            .select('challenge_hash')
            .where('user_id', '=', id)
            .where('purpose', '=', 'register')
            .where('expires_at', '>', now)
            .execute();
          assert.equal(live.length, 3);
        } finally {
          await otherNode.close();
        }
      });

    async function userWithPasskeys(...names: string[]) {
      const user = await newUser();
      for (const name of names) {
        const response = new SoftwareAuthenticator().create(await optionsFor(user.client, name), { origin: ORIGIN });
        assert.equal((await submit(user.client, name, response)).status, 201);
      }
      return { ...user, rows: await passkeyRows(user.id) };
    }

    async function rename(client: HttpClient, passkeyId: string, name: string) {
      return client.request('POST', `${PASSKEYS}/${passkeyId}/rename`, { form: { _csrf: await csrf(client), name } });
    }

    async function remove(client: HttpClient, passkeyId: string) {
      return client.request('POST', `${PASSKEYS}/${passkeyId}/remove`, { form: { _csrf: await csrf(client) } });
    }

    it('renames a passkey, refusing a taken or invalid name and the passkeys of others', async () => {
      const { client, id, rows } = await userWithPasskeys('Work laptop', 'Phone');
      const laptop = rows.find((r) => r.name === 'Work laptop');
      assert.ok(laptop);
      const renamed = await rename(client, laptop.id, ' Home laptop ');
      assert.equal(renamed.status, 303);
      assert.equal(renamed.headers.get('location'), `${PASSKEYS}?done=renamed`);
      assert.match(
        (await client.request('GET', `${PASSKEYS}?done=renamed`)).text,
        /Passkey renamed\.[\s\S]*Home laptop/,
      );

      const taken = await rename(client, laptop.id, 'Phone');
      assert.equal(taken.status, 409);
      assert.match(taken.text, /You already have a passkey named &quot;Phone&quot;\. Choose another name\./);
      assert.equal((await rename(client, laptop.id, '')).status, 400);

      const other = await newUser();
      const foreign = await rename(other.client, laptop.id, 'Mine now');
      assert.equal(foreign.status, 404);
      assert.match(foreign.text, /This passkey does not exist, or it is not yours\./);
      assert.deepEqual((await passkeyRows(id)).map((r) => r.name).sort(), ['Home laptop', 'Phone']);
      const audit = await server.gatehouse.store.db
        .selectFrom('audit_logs')
        .select(['before_json', 'after_json'])
        .where('operation', '=', 'passkey.rename')
        .where('target_id', '=', id)
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(JSON.parse(audit[0]?.after_json ?? '{}').name, 'Home laptop');
    });

    it('removes a passkey only within 5 minutes of signing in', async () => {
      const { client, id, rows } = await userWithPasskeys('Work laptop', 'Phone');
      const laptop = rows.find((r) => r.name === 'Work laptop');
      const phone = rows.find((r) => r.name === 'Phone');
      assert.ok(laptop && phone);
      const removed = await remove(client, laptop.id);
      assert.equal(removed.status, 303);
      assert.deepEqual(
        (await passkeyRows(id)).map((r) => r.name),
        ['Phone'],
      );

      clock.advance(5 * 60_000 + 1_000);
      const stale = await remove(client, phone.id);
      assert.equal(stale.status, 403);
      assert.ok(stale.text.includes(PASSKEY_MESSAGES.signInAgainToRemove));
      assert.equal((await passkeyRows(id)).length, 1);

      // The page offers to log in again, coming back to Passkeys; in the same browser the removal then goes through.
      assert.ok(stale.text.includes('href="/portal/example.com/login?next=%2Fportal%2Fexample.com%2Fpasskeys"'));
      const { login_id: loginId } = await server.gatehouse.store.db
        .selectFrom('users')
        .select('login_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const relogin = await client.login(loginId, GOOD_PASSWORD, { next: PASSKEYS });
      assert.equal(relogin.status, 303);
      assert.equal(relogin.headers.get('location'), PASSKEYS);
      const other = await newUser();
      assert.equal((await remove(other.client, phone.id)).status, 404, "another user's passkey is not found");
      assert.equal((await remove(client, phone.id)).status, 303);
      assert.equal((await passkeyRows(id)).length, 0);
      const audit = await server.gatehouse.store.db
        .selectFrom('audit_logs')
        .select('operation')
        .where('operation', '=', 'passkey.remove')
        .where('target_id', '=', id)
        .execute();
      assert.equal(audit.length, 2);
    });

    it('needs a session and the CSRF token, and deleting the user deletes their passkeys and challenges', async () => {
      const { client, id } = await userWithPasskeys('Work laptop');
      const noToken = await client.request('POST', `${PASSKEYS}/options`, { json: { name: 'Phone' } });
      assertApiError(noToken, 403, 'csrf_failed');
      const anonymous = await server.gatehouse.app.inject({
        method: 'POST',
        url: `${PASSKEYS}/options`,
        payload: { name: 'Phone' },
        headers: { accept: 'application/json' },
      });
      assert.equal(anonymous.statusCode, 403, 'without a session there is no CSRF token either');
      await optionsFor(client, 'Phone');

      assert.equal((await admin.api('DELETE', `/users/${id}`)).status, 204);
      assert.equal((await passkeyRows(id)).length, 0);
      const challenges = await server.gatehouse.store.db
        .selectFrom('webauthn_challenges')
        .select('user_id')
        .where('user_id', '=', id)
        .execute();
      assert.equal(challenges.length, 0);
    });
  });
}

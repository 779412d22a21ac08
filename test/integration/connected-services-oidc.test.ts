// Issue 10 item 5: OpenID Connect clients as Connected Services through the admin API on both databases: confidential
// and public clients, every validation error with nothing half-written, the client secret shown once and only its
// hash stored, rotation with an overlap period, verifyClientSecret, the Admin Operation Logs without secret values,
// who may do what, and tenant isolation.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { ManualClock } from '../../src/core/clock.js';
import type {
  ClientSecretList,
  ConnectedService,
  ConnectedServiceChanges,
  CreatedConnectedService,
  RotatedClientSecret,
} from '../../src/contract/admin-api/index.js';
import { openStore } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import * as oidcClientsMigration from '../../src/store/migrations/0012-oidc-clients.js';
import type { TenantRow } from '../../src/store/schema.js';
import { dialectsToTest, freshDatabase } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  addGroup,
  addUser,
  type ApiAuditEntry,
  assertApiError,
  GOOD_PASSWORD,
  signedInClient,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** An OpenID Connect client as an API client adds one: what it leaves out keeps its default. */
function oidcClient(name: string, extra: ConnectedServiceChanges = {}): ConnectedServiceChanges {
  const host = `${name.toLowerCase().replace(/\W+/g, '-')}.example.net`;
  return { type: 'oidc', name, ...extra, oidc: { redirectUris: [`https://${host}/callback`], ...extra.oidc } };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Connected Services: OpenID Connect clients (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.now());
    let server: TestServer;
    let admin: HttpClient;
    let auditor: HttpClient;
    let tenant: TenantRow;

    before(async () => {
      server = await startTestServer(dialect, { clock });
      admin = await signedInClient(server);
      await addUser(admin, { loginId: 'auditor@example.com', role: 'read-only-admin' });
      auditor = await signedInClient(server, 'auditor@example.com', GOOD_PASSWORD);
      tenant = await server.gatehouse.store.db
        .selectFrom('tenants')
        .selectAll()
        .where('domain', '=', 'example.com')
        .executeTakeFirstOrThrow();
    });
    after(async () => server?.close());

    async function add(body: ConnectedServiceChanges, by = admin): Promise<CreatedConnectedService> {
      const answer = await by.api('POST', '/connected-services', body);
      assert.equal(answer.status, 201, answer.text);
      return answer.json<CreatedConnectedService>();
    }

    async function auditEntries(operation: string): Promise<ApiAuditEntry[]> {
      const answer = await admin.api('GET', `/audit-logs?operation=${operation}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ApiAuditEntry[] }>().items;
    }

    async function secretsOf(id: string, by = admin): Promise<ClientSecretList['items']> {
      const answer = await by.api('GET', `/connected-services/${id}/client-secrets`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<ClientSecretList>().items;
    }

    async function rotate(id: string, overlapSeconds: number): Promise<RotatedClientSecret> {
      const answer = await admin.api('POST', `/connected-services/${id}/client-secrets`, { overlapSeconds });
      assert.equal(answer.status, 201, answer.text);
      return answer.json<RotatedClientSecret>();
    }

    const verify = (clientId: string, secret: string) =>
      server.gatehouse.services.oidcClientSecrets.verifyClientSecret(tenant, clientId, secret);

    it('adds a confidential client: a random client_id, and its secret answered once, only its hash stored', async () => {
      const created = await add(
        oidcClient('Wiki', {
          oidc: {
            redirectUris: ['https://wiki.example.net/callback', 'http://localhost:8080/callback'],
            postLogoutRedirectUris: ['https://wiki.example.net/'],
            scopes: ['openid', 'profile', 'email', 'groups', 'offline_access', 'wiki:edit'],
            firstParty: false,
            claims: [{ claim: 'department', attribute: 'dept' }],
            initiateLoginUri: 'https://wiki.example.net/login',
          },
        }),
      );
      assert.equal(created.type, 'oidc');
      assert.equal(created.saml, null);
      assert.match(created.clientId ?? '', /^[A-Za-z0-9_-]{22}$/);
      assert.match(created.clientSecret ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(created.oidc, {
        clientType: 'confidential',
        redirectUris: ['https://wiki.example.net/callback', 'http://localhost:8080/callback'],
        postLogoutRedirectUris: ['https://wiki.example.net/'],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'profile', 'email', 'groups', 'offline_access', 'wiki:edit'],
        accessTokenLifetime: 3600,
        idTokenLifetime: 3600,
        refreshTokenLifetime: 2_592_000,
        firstParty: false,
        pairwiseSubject: false,
        claims: [{ claim: 'department', attribute: 'dept' }],
        initiateLoginUri: 'https://wiki.example.net/login',
      });

      const read = await admin.api('GET', `/connected-services/${created.id}`);
      assert.equal(read.status, 200, read.text);
      assert.ok(!read.text.includes(created.clientSecret ?? '-'), 'the secret is never readable again');
      assert.equal(read.json<ConnectedService>().clientId, created.clientId);
      const listed = await admin.api('GET', '/connected-services');
      assert.ok(!listed.text.includes(created.clientSecret ?? '-'));
      assert.equal(listed.json<{ items: ConnectedService[] }>().items.find((s) => s.id === created.id)?.type, 'oidc');

      const rows = await server.gatehouse.store.db
        .selectFrom('oidc_client_secrets')
        .selectAll()
        .where('service_id', '=', created.id)
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.secret_hash, sha256(created.clientSecret ?? ''), 'SHA-256 of the secret');
      assert.equal(rows[0]?.expires_at, null);
      const serviceRow = await server.gatehouse.store.db
        .selectFrom('connected_services')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      assert.equal(serviceRow.oidc_client_id, created.clientId);
      assert.ok(!JSON.stringify(serviceRow).includes(created.clientSecret ?? '-'), 'no secret in the service row');

      const secrets = await secretsOf(created.id, auditor);
      assert.deepEqual(
        secrets.map((secret) => Object.keys(secret).sort()),
        [['active', 'createdAt', 'expiresAt', 'id']],
      );
      assert.equal(secrets[0]?.active, true);

      const [entry] = await auditEntries('connected-service.create');
      assert.equal(entry?.targetId, created.id);
      assert.equal(entry?.after?.clientId, created.clientId);
      assert.equal(entry?.after?.clientSecretId, secrets[0]?.id);
      assert.deepEqual(entry?.after?.['oidc.redirectUris'], created.oidc?.redirectUris);
      assert.ok(!JSON.stringify(entry).includes(created.clientSecret ?? '-'), 'no secret value in the log');
    });

    it('adds a public client: a client_id, no secret, and no secrets to list or rotate', async () => {
      const created = await add(
        oidcClient('Single Page App', { oidc: { clientType: 'public', grantTypes: ['authorization_code'] } }),
      );
      assert.equal(created.oidc?.clientType, 'public');
      assert.match(created.clientId ?? '', /^[A-Za-z0-9_-]{22}$/);
      assert.equal(created.clientSecret, undefined);
      assertApiError(await admin.api('GET', `/connected-services/${created.id}/client-secrets`), 404, 'not_found');
      assertApiError(
        await admin.api('POST', `/connected-services/${created.id}/client-secrets`, { overlapSeconds: 0 }),
        404,
        'not_found',
      );
      assert.equal(await verify(created.clientId ?? '', ''), false);
      const stored = await server.gatehouse.store.db
        .selectFrom('oidc_client_secrets')
        .select('id')
        .where('service_id', '=', created.id)
        .execute();
      assert.deepEqual(stored, []);
    });

    it('refuses each invalid client with a precise message naming its field, and stores nothing', async () => {
      const countBefore = (await admin.api('GET', '/connected-services')).json<{ items: unknown[] }>().items.length;
      const auditBefore = (await auditEntries('connected-service.create')).length;
      const cases: [ConnectedServiceChanges | Record<string, unknown>, string, RegExp][] = [
        [
          { ...oidcClient('No URIs'), oidc: { redirectUris: [] } },
          'oidc.redirectUris',
          /Add at least one Redirect URI/,
        ],
        [
          oidcClient('Http', { oidc: { redirectUris: ['http://app.example.net/cb'] } }),
          'oidc.redirectUris',
          /Redirect URI 1 must use https/,
        ],
        [
          oidcClient('Fragment', { oidc: { redirectUris: ['https://app.example.net/cb#x'] } }),
          'oidc.redirectUris',
          /must not contain a fragment/,
        ],
        [
          oidcClient('Twice', { oidc: { redirectUris: ['https://a.example/cb', 'https://a.example/cb'] } }),
          'oidc.redirectUris',
          /Redirect URI 2 is the same as Redirect URI 1/,
        ],
        [
          oidcClient('Logout', { oidc: { postLogoutRedirectUris: ['http://app.example.net/bye'] } }),
          'oidc.postLogoutRedirectUris',
          /Post-logout redirect URI 1 must use https/,
        ],
        [
          oidcClient('Public machine', {
            oidc: { clientType: 'public', grantTypes: ['authorization_code', 'client_credentials'] },
          }),
          'oidc.grantTypes',
          /only a confidential client may use it/,
        ],
        [
          oidcClient('Implicit', { oidc: { grantTypes: ['implicit' as never] } }),
          'oidc.grantTypes',
          /Grant type 1 must be one of/,
        ],
        [oidcClient('No openid', { oidc: { scopes: ['profile'] } }), 'oidc.scopes', /needs the openid scope/],
        [oidcClient('Bad scope', { oidc: { scopes: ['openid', 'a b'] } }), 'oidc.scopes', /Scope 2: a custom scope/],
        [oidcClient('Short', { oidc: { accessTokenLifetime: 10 } }), 'oidc.accessTokenLifetime', /from 60 to 86400/],
        [oidcClient('Long', { oidc: { idTokenLifetime: 100_000 } }), 'oidc.idTokenLifetime', /from 60 to 86400/],
        [oidcClient('Refresh', { oidc: { refreshTokenLifetime: 60 } }), 'oidc.refreshTokenLifetime', /from 3600/],
        [oidcClient('Party', { oidc: { firstParty: 'yes' as never } }), 'oidc.firstParty', /true or false/],
        [
          oidcClient('Claims', { oidc: { claims: [{ claim: 'sub', attribute: 'dept' }] } }),
          'oidc.claims',
          /Claim 1: sub is a claim Gatehouse sets itself/,
        ],
        [
          oidcClient('Attr', { oidc: { claims: [{ claim: 'dept', attribute: 'Not Valid' }] } }),
          'oidc.claims',
          /Claim 1: the attribute must name a custom attribute/,
        ],
        [
          oidcClient('Login', { oidc: { initiateLoginUri: 'http://app.example.net/' } }),
          'oidc.initiateLoginUri',
          /must use https/,
        ],
        [{ ...oidcClient('Typo'), oidc: { redirectUri: 'x' } }, 'oidc.redirectUri', /not a known field/],
        [
          { ...oidcClient('With SAML'), saml: { entityId: 'x' } },
          'saml',
          /^An OpenID Connect client has no saml settings\.$/,
        ],
        [{ ...oidcClient('Preset'), preset: 'slack' }, 'preset', /an OpenID Connect client has none/],
        [{ type: 'oidc', name: 'Missing' }, 'oidc.redirectUris', /Add at least one Redirect URI/],
      ];
      for (const [body, field, message] of cases) {
        const answer = await admin.api('POST', '/connected-services', body);
        const error = assertApiError(answer, 400, 'validation_failed', field);
        assert.match(error.message, message, JSON.stringify(body));
      }
      assert.equal(
        (await admin.api('GET', '/connected-services')).json<{ items: unknown[] }>().items.length,
        countBefore,
      );
      assert.equal((await auditEntries('connected-service.create')).length, auditBefore);
      assert.equal(
        (await server.gatehouse.store.db.selectFrom('oidc_client_secrets').select('id').execute()).length,
        1,
        'only the first confidential client has a secret',
      );
    });

    it('edits a client, logs what changed, and keeps its type, client_id and secrets', async () => {
      const created = await add(oidcClient('Editable'));
      const answer = await admin.api('PATCH', `/connected-services/${created.id}`, {
        oidc: { accessTokenLifetime: 600, scopes: ['openid', 'email'] },
      });
      assert.equal(answer.status, 200, answer.text);
      const changed = answer.json<ConnectedService>();
      assert.equal(changed.oidc?.accessTokenLifetime, 600);
      assert.equal(changed.clientId, created.clientId);
      assert.deepEqual(changed.oidc?.redirectUris, created.oidc?.redirectUris);
      const [entry] = await auditEntries('connected-service.update');
      assert.deepEqual(entry?.before, {
        'oidc.accessTokenLifetime': 3600,
        'oidc.scopes': ['openid', 'profile', 'email'],
      });
      assert.deepEqual(entry?.after, { 'oidc.accessTokenLifetime': 600, 'oidc.scopes': ['openid', 'email'] });
      assertApiError(
        await admin.api('PATCH', `/connected-services/${created.id}`, { oidc: { clientType: 'public' } }),
        400,
        'validation_failed',
        'oidc.clientType',
      );
      assertApiError(
        await admin.api('PATCH', `/connected-services/${created.id}`, { type: 'saml' }),
        400,
        'validation_failed',
        'type',
      );
      assert.equal(await verify(created.clientId ?? '', created.clientSecret ?? ''), true);
    });

    it('verifies a secret: right, wrong, of another client, of an unknown client', async () => {
      const one = await add(oidcClient('Verify One'));
      const two = await add(oidcClient('Verify Two'));
      assert.equal(await verify(one.clientId ?? '', one.clientSecret ?? ''), true);
      assert.equal(await verify(one.clientId ?? '', `${one.clientSecret}x`), false);
      assert.equal(await verify(one.clientId ?? '', ''), false);
      assert.equal(await verify(one.clientId ?? '', two.clientSecret ?? ''), false, "another client's secret");
      assert.equal(await verify('no-such-client-id-at-all', one.clientSecret ?? ''), false);
      assert.equal(await verify(one.id, one.clientSecret ?? ''), false, 'the service id is not the client_id');
    });

    it('rotates with an overlap: the old secret works until its expiry, then only the new one does', async () => {
      const client = await add(oidcClient('Rotating'));
      const oldSecret = client.clientSecret ?? '';
      const rotated = await rotate(client.id, 60);
      assert.match(rotated.clientSecret, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(rotated.clientSecret, oldSecret);
      assert.equal(rotated.previousSecretsExpireAt, new Date(clock.now() + 60_000).toISOString());
      assert.equal(rotated.secret.expiresAt, null);

      const secrets = await secretsOf(client.id);
      assert.equal(secrets.length, 2);
      assert.equal(secrets[0]?.id, rotated.secret.id, 'newest first');
      assert.equal(secrets[1]?.expiresAt, rotated.previousSecretsExpireAt);
      assert.ok(secrets.every((secret) => secret.active));
      assert.ok(!JSON.stringify(secrets).includes(rotated.clientSecret));

      assert.equal(await verify(client.clientId ?? '', oldSecret), true, 'during the overlap');
      assert.equal(await verify(client.clientId ?? '', rotated.clientSecret), true);
      clock.advance(59_000);
      assert.equal(await verify(client.clientId ?? '', oldSecret), true, 'a second before its expiry');
      clock.advance(1_000);
      assert.equal(await verify(client.clientId ?? '', oldSecret), false, 'expired');
      assert.equal(await verify(client.clientId ?? '', rotated.clientSecret), true);
      assert.deepEqual(
        (await secretsOf(client.id)).map((secret) => secret.active),
        [true, false],
      );

      const [entry] = await auditEntries('connected-service.rotate-secret');
      assert.equal(entry?.targetId, client.id);
      assert.deepEqual(entry?.after, {
        clientSecretId: rotated.secret.id,
        overlapSeconds: 60,
        previousSecretsExpireAt: rotated.previousSecretsExpireAt,
      });
      assert.ok(!JSON.stringify(entry).includes(rotated.clientSecret));
    });

    it('rotates with no overlap: the old secret stops at once; a rotation never lengthens an old secret', async () => {
      const client = await add(oidcClient('Immediate'));
      const first = await rotate(client.id, 3600);
      const second = await rotate(client.id, 0);
      assert.equal(await verify(client.clientId ?? '', client.clientSecret ?? ''), false);
      assert.equal(await verify(client.clientId ?? '', first.clientSecret), false);
      assert.equal(await verify(client.clientId ?? '', second.clientSecret), true);
      const third = await rotate(client.id, 30 * 86_400);
      const secrets = await secretsOf(client.id);
      assert.equal(secrets.find((s) => s.id === first.secret.id)?.active, false, 'its earlier end stays');
      assert.equal(secrets.find((s) => s.id === second.secret.id)?.expiresAt, third.previousSecretsExpireAt);
      for (const overlapSeconds of [-1, 30 * 86_400 + 1, 1.5])
        assertApiError(
          await admin.api('POST', `/connected-services/${client.id}/client-secrets`, { overlapSeconds }),
          400,
          'validation_failed',
        );
    });

    it('deletes a secret (logged by id), but never the only one that works', async () => {
      const client = await add(oidcClient('Deleting'));
      const [only] = await secretsOf(client.id);
      assert.ok(only);
      const refused = assertApiError(
        await admin.api('DELETE', `/connected-services/${client.id}/client-secrets/${only.id}`),
        409,
        'conflict',
      );
      assert.match(refused.message, /only working secret: rotate it first/);
      const rotated = await rotate(client.id, 86_400);
      const answer = await admin.api('DELETE', `/connected-services/${client.id}/client-secrets/${only.id}`);
      assert.equal(answer.status, 204, answer.text);
      assert.equal(await verify(client.clientId ?? '', client.clientSecret ?? ''), false, 'deleted: stops at once');
      assert.equal(await verify(client.clientId ?? '', rotated.clientSecret), true);
      assert.deepEqual(
        (await secretsOf(client.id)).map((secret) => secret.id),
        [rotated.secret.id],
      );
      assertApiError(
        await admin.api('DELETE', `/connected-services/${client.id}/client-secrets/${only.id}`),
        404,
        'not_found',
      );
      const [entry] = await auditEntries('connected-service.delete-secret');
      assert.equal(entry?.before?.clientSecretId, only.id);
      assert.equal(entry?.before?.createdAt, only.createdAt);
    });

    it('never lets two deletions at once remove both of the last two working secrets', async () => {
      const client = await add(oidcClient('Racing'));
      const rotated = await rotate(client.id, 86_400);
      const ids = (await secretsOf(client.id)).map((secret) => secret.id);
      assert.equal(ids.length, 2);
      const answers = await Promise.all(
        ids.map((id) => admin.api('DELETE', `/connected-services/${client.id}/client-secrets/${id}`)),
      );
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [204, 409]);
      const left = await secretsOf(client.id);
      assert.equal(left.length, 1);
      const works =
        (await verify(client.clientId ?? '', client.clientSecret ?? '')) ||
        (await verify(client.clientId ?? '', rotated.clientSecret));
      assert.equal(works, true);
    });

    it('deletes a client with its secrets', async () => {
      const client = await add(oidcClient('Going'));
      const answer = await admin.api('DELETE', `/connected-services/${client.id}`);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(await verify(client.clientId ?? '', client.clientSecret ?? ''), false);
      const rows = await server.gatehouse.store.db
        .selectFrom('oidc_client_secrets')
        .select('id')
        .where('service_id', '=', client.id)
        .execute();
      assert.deepEqual(rows, []);
      const [entry] = await auditEntries('connected-service.delete');
      assert.equal(entry?.before?.clientId, client.clientId);
    });

    it('lets a Read-Only Admin read clients and their secrets list but change nothing', async () => {
      const client = await add(oidcClient('Guarded'));
      const [secret] = await secretsOf(client.id, auditor);
      assert.ok(secret);
      for (const [method, path, body] of [
        ['POST', '/connected-services', oidcClient('Sneaky')],
        ['PATCH', `/connected-services/${client.id}`, { oidc: { firstParty: false } }],
        ['POST', `/connected-services/${client.id}/client-secrets`, { overlapSeconds: 0 }],
        ['DELETE', `/connected-services/${client.id}/client-secrets/${secret.id}`, undefined],
      ] as const)
        assertApiError(await auditor.api(method, path, body), 403, 'forbidden');
      assert.equal(await verify(client.clientId ?? '', client.clientSecret ?? ''), true);
      assert.equal((await secretsOf(client.id)).length, 1);
    });

    it('gives an OpenID Connect client no portal tile yet (its OpenID Provider comes next), even when allowed', async () => {
      const client = await add(oidcClient('Tile-less'));
      const saml = await add({
        type: 'saml',
        name: 'Tiled',
        saml: {
          entityId: 'https://tiled.example.net/saml',
          acsUrls: [{ url: 'https://tiled.example.net/acs', binding: 'HTTP-POST', index: 0, isDefault: true }],
        },
      });
      const group = await addGroup(admin, { displayName: 'Portal users' });
      const allowed = await admin.api('PATCH', `/groups/${group.id}`, { allowedServices: [client.id, saml.id] });
      assert.equal(allowed.status, 200, allowed.text);
      await addUser(admin, { loginId: 'tina@example.com', groupId: group.id });
      const browser = await signedInClient(server, 'tina@example.com', GOOD_PASSWORD);
      const home = await browser.request('GET', '/portal/example.com/');
      assert.equal(home.status, 200);
      assert.match(home.text, />Tiled</);
      assert.doesNotMatch(home.text, /Tile-less/);
    });

    describe('tenant isolation', () => {
      let other: HttpClient;
      let otherTenant: TenantRow;
      let ours: CreatedConnectedService;

      before(async () => {
        await server.gatehouse.services.tenants.createTenant('other.example', 'Other-Admin-Pass-1');
        other = await signedInClient(server, 'admin@other.example', 'Other-Admin-Pass-1', { domain: 'other.example' });
        otherTenant = await server.gatehouse.store.db
          .selectFrom('tenants')
          .selectAll()
          .where('domain', '=', 'other.example')
          .executeTakeFirstOrThrow();
        ours = await add(oidcClient('Ours'));
      });

      it("neither shows nor lets another tenant touch a client's secrets, nor verifies them there", async () => {
        const [secret] = await secretsOf(ours.id);
        assert.ok(secret);
        assertApiError(await other.api('GET', `/connected-services/${ours.id}/client-secrets`), 404, 'not_found');
        assertApiError(
          await other.api('POST', `/connected-services/${ours.id}/client-secrets`, { overlapSeconds: 0 }),
          404,
          'not_found',
        );
        assertApiError(
          await other.api('DELETE', `/connected-services/${ours.id}/client-secrets/${secret.id}`),
          404,
          'not_found',
        );
        const clientId = ours.clientId ?? '';
        const verifiedElsewhere = await server.gatehouse.services.oidcClientSecrets.verifyClientSecret(
          otherTenant,
          clientId,
          ours.clientSecret ?? '',
        );
        assert.equal(verifiedElsewhere, false, "another tenant's issuer does not know our client");
        assert.equal(await verify(clientId, ours.clientSecret ?? ''), true);
        const theirs = await add(oidcClient('Ours'), other);
        assert.notEqual(theirs.clientId, ours.clientId, 'the same name in another tenant is another client');
      });
    });
  });

  describe(`database migration 0012-oidc-clients goes down and up again (${dialect})`, { skip }, () => {
    it('drops the client secrets and the OIDC columns, then adds them back', async () => {
      const database = await freshDatabase(dialect);
      const store = openStore(database.url);
      try {
        await migrateToLatest(store);
        // Migrations see an untyped database.
        const untyped = store.db as unknown as Kysely<unknown>;
        await oidcClientsMigration.down(untyped);
        await assert.rejects(store.db.selectFrom('oidc_client_secrets').select('id').execute());
        await assert.rejects(store.db.selectFrom('connected_services').select('oidc_client_id').execute());
        await oidcClientsMigration.up(untyped);
        assert.deepEqual(await store.db.selectFrom('oidc_client_secrets').select('id').execute(), []);
        assert.deepEqual(await store.db.selectFrom('connected_services').select('oidc_client_id').execute(), []);
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}

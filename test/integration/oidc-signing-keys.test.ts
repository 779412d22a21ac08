// Issue 10: per-tenant OpenID Provider signing keys (an ES256 and an RS256 key per generation), made at first use by
// exactly one of several servers, sealed at rest, and rotated with overlap through the admin API
// (docs/oidc-signing-keys.md). The engine itself (oidc-provider) is built with the key set, as the provider will be.
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import Provider from 'oidc-provider';
import type { OidcSigningKey } from '../../src/contract/admin-api/index.js';
import { jwkThumbprint } from '../../src/core/crypto/jwk-thumbprint.js';
import { SecretBox } from '../../src/core/crypto/secret-box.js';
import { OIDC_SIGNING_KEY_MESSAGES } from '../../src/core/messages.js';
import type { Actor } from '../../src/services/actor.js';
import { ForbiddenError } from '../../src/services/errors.js';
import { oidcStoreAdapter } from '../../src/services/oidc/oidc-store-adapter.js';
import { OIDC_SIGNING_ALGS, type SigningJwk } from '../../src/services/oidc/oidc-signing-jwks.js';
import { type OidcKeySet, OidcSigningKeys } from '../../src/services/oidc/oidc-signing-keys.js';
import { ACTIVE_KEY_CACHE_MS } from '../../src/services/signing-keys/signing-key-cache.js';
import type { OidcSigningKeyRow } from '../../src/store/schema.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { signedInClient } from '../support/scenario.js';
import {
  assertRacingRotation,
  assertRotationRefusals,
  auditEntries,
  listKeys,
  masterKeyOf,
  type ServerPair,
  sqliteFilesOf,
  startServerPair,
  stateOf,
  tenantOf,
} from '../support/signing-keys.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

const listOidcKeys = (admin: HttpClient) => listKeys<OidcSigningKey>(admin, '/oidc-signing-keys');
const kidsIn = (keys: readonly SigningJwk[]) => keys.map((key) => key.kid);
const kidsOfView = (key: OidcSigningKey) => [key.kids.ES256, key.kids.RS256];

/** What the engine does with a key set: the kids its jwks_uri lists, and an ID token per algorithm. */
interface EngineView {
  jwks: { keys: Record<string, unknown>[] };
  idTokens: Record<(typeof OIDC_SIGNING_ALGS)[number], string>;
}

/**
 * oidc-provider built with a key set (and Gatehouse's storage), as the tenant's provider will be: a client per
 * algorithm gets an ID token, and the JWKS is read from the engine's own jwks_uri over HTTP, as a relying party reads
 * it.
 */
async function engineWith(gatehouseServer: TestServer, keySet: OidcKeySet): Promise<EngineView> {
  const { store, services } = gatehouseServer.gatehouse;
  const tenant = await tenantOf(gatehouseServer.gatehouse);
  const provider = new Provider('http://127.0.0.1/oidc/example.com', {
    adapter: oidcStoreAdapter(store, services.clock, tenant.id),
    jwks: { keys: keySet.keys },
    clients: OIDC_SIGNING_ALGS.map((alg) => ({
      client_id: alg,
      client_secret: 'not-used-here',
      redirect_uris: ['https://rp.example.net/callback'],
      id_token_signed_response_alg: alg,
    })),
    ttl: { IdToken: 300 },
    features: { devInteractions: { enabled: false } },
  });
  const idTokens = {} as EngineView['idTokens'];
  for (const alg of OIDC_SIGNING_ALGS) {
    const client = await provider.Client.find(alg);
    assert.ok(client);
    idTokens[alg] = (await new provider.IdToken({ sub: 'alice' }, { client }).issue({ use: 'idtoken' })) as string;
  }
  const jwksServer = createServer(provider.callback());
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`);
    assert.equal(answer.status, 200);
    return { jwks: (await answer.json()) as EngineView['jwks'], idTokens };
  } finally {
    await new Promise((resolve) => jwksServer.close(resolve));
  }
}

const headerKid = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()) as { kid: string }).kid;

/** Verifies an ID token as a relying party that holds `jwks` does (jose, the engine's own JOSE library). */
async function verifiesWith(jwks: EngineView['jwks'], jwt: string): Promise<boolean> {
  try {
    await jwtVerify(jwt, createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]));
    return true;
  } catch {
    return false;
  }
}

async function rowsOf(server: TestServer): Promise<OidcSigningKeyRow[]> {
  const tenant = await tenantOf(server.gatehouse);
  return server.gatehouse.store.db
    .selectFrom('oidc_signing_keys')
    .selectAll()
    .where('tenant_id', '=', tenant.id)
    .execute();
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OpenID Provider signing keys (${dialect})`, { skip }, () => {
    let pair: ServerPair;
    let first: TestServer;
    let second: TestServer;
    let admin: HttpClient;

    before(async () => {
      pair = await startServerPair(dialect);
      ({ first, second, admin } = pair);
    });
    after(async () => pair?.close());

    it('makes exactly one generation at first use, however many callers on however many servers race for it', async () => {
      const { store, services } = first.gatehouse;
      const tenant = await tenantOf(first.gatehouse);
      // Beside the two servers, independent instances on the same database: none shares another's in-process guard,
      // so each of them makes keys of its own and races to store them.
      const box = new SecretBox(masterKeyOf(first.gatehouse));
      const others = Array.from({ length: 4 }, () => new OidcSigningKeys(store, services.clock, box, services.audit));
      const adminOfSecond = await signedInClient(second);
      const [keySets, lists] = await Promise.all([
        Promise.all([
          ...Array.from({ length: 5 }, () => first.gatehouse.services.oidcSigningKeys.keySetFor(tenant)),
          ...Array.from({ length: 5 }, () => second.gatehouse.services.oidcSigningKeys.keySetFor(tenant)),
          ...others.map((keys) => keys.keySetFor(tenant)),
        ]),
        Promise.all([listOidcKeys(admin), listOidcKeys(adminOfSecond)]),
      ]);
      const rows = await rowsOf(first);
      assert.equal(rows.length, 1, 'one generation stored');
      const [row] = rows;
      assert.equal(row?.state, 'active');
      const storedKids = JSON.parse(row.public_jwks).keys.map((key: SigningJwk) => key.kid);
      assert.equal(new Set(keySets.map((set) => set.version)).size, 1, 'one version everywhere');
      for (const set of keySets) assert.deepEqual(kidsIn(set.keys), storedKids, 'every caller got the stored keys');
      for (const list of lists) assert.deepEqual(list.map(kidsOfView), [storedKids]);
      const created = await auditEntries(admin, 'oidc-signing-key.create');
      assert.equal(created.length, 1, 'its creation is logged once');
      assert.equal(created[0]?.actorLoginId, 'gatehouse (automatic)');
      assert.equal(created[0]?.targetId, row.id);
    });

    it('makes an ES256 (P-256) and an RS256 (RSA 2048) key, each named by its RFC 7638 thumbprint', async () => {
      const { keys } = await first.gatehouse.services.oidcSigningKeys.keySetFor(await tenantOf(first.gatehouse));
      assert.deepEqual(
        keys.map((key) => [key.alg, key.kty, key.use]),
        [
          ['ES256', 'EC', 'sig'],
          ['RS256', 'RSA', 'sig'],
        ],
      );
      const [es256, rs256] = keys as [SigningJwk, SigningJwk];
      assert.equal(es256.crv, 'P-256');
      assert.equal(createPrivateKey({ key: rs256, format: 'jwk' }).asymmetricKeyDetails?.modulusLength, 2048);
      const [row] = await rowsOf(first);
      const published = JSON.parse(row?.public_jwks ?? '') as { keys: SigningJwk[] };
      for (const [i, key] of keys.entries()) {
        assert.equal(key.kid, jwkThumbprint(key));
        for (const member of PRIVATE_MEMBERS.slice(0, key.kty === 'EC' ? 1 : 6))
          assert.ok(key[member], `the private ${key.alg} JWK has "${member}"`);
        const publicJwk = published.keys[i] as SigningJwk;
        assert.deepEqual([publicJwk.kid, publicJwk.alg, publicJwk.use], [key.kid, key.alg, 'sig']);
        for (const member of PRIVATE_MEMBERS) assert.equal(publicJwk[member], undefined, `no "${member}" published`);
        // The published key verifies what the private one signs.
        const data = Buffer.from('gatehouse');
        const signature = sign('sha256', data, {
          key: createPrivateKey({ key, format: 'jwk' }),
          dsaEncoding: 'ieee-p1363',
        });
        const publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
        assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
      }
    });

    it('keeps the private keys sealed under the master key, bound to their row', async () => {
      const tenant = await tenantOf(first.gatehouse);
      const { keys } = await first.gatehouse.services.oidcSigningKeys.keySetFor(tenant);
      const [row] = await rowsOf(first);
      assert.ok(row);
      const stored = JSON.stringify(row);
      assert.match(row.sealed_private_key, /^v1\.[0-9a-f]{8}\./, 'a SecretBox value');
      assert.doesNotMatch(stored, /\\"d\\"/, 'no private member in the row');
      const secrets = keys.flatMap((key) => PRIVATE_MEMBERS.map((member) => key[member]).filter(Boolean)) as string[];
      assert.equal(secrets.length, 1 + 6);
      for (const secret of secrets) assert.ok(!stored.includes(secret.slice(0, 24)), 'no part of a private key');
      if (dialect === 'sqlite')
        // Nor anywhere in the database's files, the write-ahead log included.
        for (const { file, text } of sqliteFilesOf(first.gatehouse))
          for (const secret of secrets) assert.ok(!text.includes(secret.slice(0, 24)), `${file} holds no private key`);
      // The sealed value opens only as the keys of its own row: copied to another row, it is refused.
      const box = new SecretBox(masterKeyOf(first.gatehouse));
      assert.deepEqual(JSON.parse(box.open(row.sealed_private_key, `oidc-signing-key:${row.id}`)), keys);
      assert.throws(() => box.open(row.sealed_private_key, `saml-signing-key:${row.id}`));
    });

    it('rotates with overlap: the JWKS holds the next keys before they sign, and the former ones after', async () => {
      const tenant = await tenantOf(first.gatehouse);
      const keysOnFirst = first.gatehouse.services.oidcSigningKeys;
      const keysOnSecond = second.gatehouse.services.oidcSigningKeys;
      const [a] = await listOidcKeys(admin);
      assert.ok(a);
      assert.equal(a.state, 'active');
      const before = await keysOnFirst.keySetFor(tenant);
      assert.deepEqual(kidsIn(before.keys), kidsOfView(a));
      await keysOnSecond.keySetFor(tenant);

      const prepared = await admin.api('POST', '/oidc-signing-keys');
      assert.equal(prepared.status, 201, prepared.text);
      const n = prepared.json<OidcSigningKey>();
      assert.deepEqual([n.state, n.published, n.activatedAt, n.retiredAt], ['next', true, null, null]);
      assert.deepEqual((await admin.api('GET', `/oidc-signing-keys/${n.id}`)).json<OidcSigningKey>(), n);
      const withNext = await keysOnFirst.keySetFor(tenant);
      assert.notEqual(withNext.version, before.version, 'a new version as soon as the set changes');
      assert.deepEqual(kidsIn(withNext.keys), [...kidsOfView(a), ...kidsOfView(n)], 'active first, then next');
      const engineWithNext = await engineWith(first, withNext);
      assert.deepEqual(kidsIn(engineWithNext.jwks.keys as SigningJwk[]), kidsIn(withNext.keys), 'the JWKS has both');
      for (const alg of OIDC_SIGNING_ALGS)
        assert.equal(headerKid(engineWithNext.idTokens[alg]), a.kids[alg], `${alg}: a prepared key does not sign`);

      // The other server reads the database again within ACTIVE_KEY_CACHE_MS.
      const followStarted = performance.now();
      while ((await keysOnSecond.keySetFor(tenant)).version !== withNext.version) {
        assert.ok(performance.now() - followStarted < ACTIVE_KEY_CACHE_MS + 1000, 'the other server follows');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      const activated = await admin.api('POST', `/oidc-signing-keys/${n.id}/activate`);
      assert.equal(activated.status, 200, activated.text);
      assert.equal(activated.json<OidcSigningKey>().state, 'active');
      let keys = await listOidcKeys(admin);
      assert.deepEqual([stateOf(keys, n.id), stateOf(keys, a.id)], ['active', 'previous']);
      assert.equal(keys.find((key) => key.id === a.id)?.published, true);
      const afterActivation = await keysOnFirst.keySetFor(tenant);
      assert.notEqual(afterActivation.version, withNext.version);
      assert.deepEqual(kidsIn(afterActivation.keys), [...kidsOfView(n), ...kidsOfView(a)], 'the new active first');
      const engineAfter = await engineWith(first, afterActivation);
      for (const alg of OIDC_SIGNING_ALGS) {
        assert.equal(headerKid(engineAfter.idTokens[alg]), n.kids[alg], `${alg}: the activated key signs at once`);
        // A token signed a moment before the switch still verifies at a relying party that has just refreshed.
        assert.ok(await verifiesWith(engineAfter.jwks, engineWithNext.idTokens[alg]), `${alg}: overlap after`);
        // And one that still holds the JWKS of before the switch already verifies what the new key signs.
        assert.ok(await verifiesWith(engineWithNext.jwks, engineAfter.idTokens[alg]), `${alg}: overlap before`);
      }

      // A second rotation pushes the generation that was previous out: retired, its private keys erased.
      const again = await admin.api('POST', '/oidc-signing-keys');
      assert.equal(again.status, 201, again.text);
      const n2 = again.json<OidcSigningKey>();
      assert.equal((await admin.api('POST', `/oidc-signing-keys/${n2.id}/activate`)).status, 200);
      keys = await listOidcKeys(admin);
      assert.deepEqual(
        [n2.id, n.id, a.id].map((id) => stateOf(keys, id)),
        ['active', 'previous', 'retired'],
      );
      const retiredRow = (await rowsOf(first)).find((row) => row.id === a.id);
      assert.equal(retiredRow?.sealed_private_key, '', 'a retired generation is erased');
      assert.ok((retiredRow?.retired_at ?? 0) > 0);
      assert.deepEqual(keys.find((key) => key.id === a.id)?.kids, a.kids, 'its public keys are kept for the record');
      assert.deepEqual(kidsIn((await keysOnFirst.keySetFor(tenant)).keys), [...kidsOfView(n2), ...kidsOfView(n)]);

      // Retiring the previous generation ends the overlap: only the active keys are left.
      const versionBefore = (await keysOnFirst.keySetFor(tenant)).version;
      const retired = await admin.api('POST', `/oidc-signing-keys/${n.id}/retire`);
      assert.equal(retired.status, 200, retired.text);
      assert.deepEqual(
        [retired.json<OidcSigningKey>().state, retired.json<OidcSigningKey>().published],
        ['retired', false],
      );
      const alone = await keysOnFirst.keySetFor(tenant);
      assert.notEqual(alone.version, versionBefore);
      assert.deepEqual(kidsIn(alone.keys), kidsOfView(n2));
      assert.deepEqual(kidsIn((await engineWith(first, alone)).jwks.keys as SigningJwk[]), kidsOfView(n2));
      assert.deepEqual(
        (await listOidcKeys(admin)).map((key) => key.id),
        [n2.id, n.id, a.id],
        'newest first',
      );
    });

    it('writes every change to the Admin Operation Logs with the kids, and nothing private', async () => {
      const keys = await listOidcKeys(admin);
      const active = keys.find((key) => key.state === 'active');
      assert.ok(active);
      const [prepare] = await auditEntries(admin, 'oidc-signing-key.prepare');
      assert.ok(prepare);
      assert.equal(prepare.actorLoginId, 'admin@example.com');
      assert.equal(prepare.targetType, 'oidc-signing-key');
      assert.equal(prepare.before, null);
      assert.deepEqual(prepare.after, { state: 'next', kids: active.kids });

      const [activate] = await auditEntries(admin, 'oidc-signing-key.activate');
      assert.ok(activate);
      assert.equal(activate.targetId, active.id);
      assert.equal(activate.targetLabel, `ES256 ${active.kids.ES256}, RS256 ${active.kids.RS256}`);
      const before = activate.before as Record<string, { kids: unknown; state: string } | null>;
      const afterwards = activate.after as Record<string, { kids: unknown; state: string } | null>;
      assert.deepEqual(before.next?.kids, active.kids);
      assert.deepEqual(afterwards.active?.kids, active.kids);
      assert.deepEqual(afterwards.previous, { kids: before.active?.kids, state: 'previous' });
      assert.equal(afterwards.next, null);

      const [retire] = await auditEntries(admin, 'oidc-signing-key.retire');
      assert.deepEqual([retire?.before?.state, retire?.after?.state], ['previous', 'retired']);
      assert.equal((await auditEntries(admin, 'oidc-signing-key.activate')).length, 2);
      for (const operation of ['create', 'prepare', 'activate', 'retire'])
        for (const entry of await auditEntries(admin, `oidc-signing-key.${operation}`))
          assert.doesNotMatch(JSON.stringify(entry), /"(d|p|q|dp|dq|qi)"|sealed|v1\.[0-9a-f]{8}\./);
    });

    it('answers a clear 4xx to every change the rotation does not allow, and changes nothing', async () => {
      // A Read-Only Admin and a User Admin see the keys but change nothing.
      await assertRotationRefusals(admin, pair.readers, {
        route: '/oidc-signing-keys',
        messages: OIDC_SIGNING_KEY_MESSAGES,
      });
      // The service refuses them too, for callers other than the admin API.
      const tenant = await tenantOf(first.gatehouse);
      const readOnlyActor: Actor = { userId: 'u', loginId: 'auditor@example.com', role: 'read-only-admin', ip: '::1' };
      await assert.rejects(
        first.gatehouse.services.oidcSigningKeys.prepareNext(tenant, readOnlyActor),
        (error) => error instanceof ForbiddenError && error.message === OIDC_SIGNING_KEY_MESSAGES.manageSystem,
      );
    });

    it('lets one of two servers that prepare or activate at the same moment win, and tells the other', async () => {
      await assertRacingRotation([admin, await signedInClient(second)], '/oidc-signing-keys');
    });
  });
}

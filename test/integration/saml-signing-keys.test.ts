// Issue 9 §5: per-tenant SAML signing keys, made at first use by exactly one of several servers, sealed at rest, and
// rotated with overlap through the admin API (docs/saml-signing-keys.md).
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SamlSigningKey } from '../../src/contract/admin-api/index.js';
import { SecretBox } from '../../src/core/crypto/secret-box.js';
import { SAML_SIGNING_KEY_MESSAGES } from '../../src/core/messages.js';
import { SamlSigningKeys } from '../../src/services/saml/saml-signing-keys.js';
import { ACTIVE_KEY_CACHE_MS } from '../../src/services/signing-keys/signing-key-cache.js';
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

const CERTIFICATE_BODY = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/g;

/** The certificate bodies (base64 DER) the metadata lists, in its order. */
async function metadataCertificates(server: TestServer): Promise<string[]> {
  const answer = await fetch(`${server.baseUrl}/saml/example.com/metadata`);
  assert.equal(answer.status, 200);
  return [...(await answer.text()).matchAll(CERTIFICATE_BODY)].map((match) => match[1] as string);
}

const bodyOf = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

const listSamlKeys = (admin: HttpClient) => listKeys<SamlSigningKey>(admin, '/saml-signing-keys');

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`SAML signing keys (${dialect})`, { skip }, () => {
    let pair: ServerPair;
    let first: TestServer;
    let second: TestServer;
    let admin: HttpClient;

    before(async () => {
      pair = await startServerPair(dialect);
      ({ first, second, admin } = pair);
    });
    after(async () => pair?.close());

    it('makes exactly one active key at first use, however many requests on however many servers race for it', async () => {
      const { store, services } = first.gatehouse;
      const tenant = await tenantOf(first.gatehouse);
      // Beside the two servers, independent instances on the same database: none shares another's in-process guard,
      // so each of them makes a key of its own and races to store it.
      const box = new SecretBox(masterKeyOf(first.gatehouse));
      const others = Array.from({ length: 4 }, () => new SamlSigningKeys(store, services.clock, box, services.audit));
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => first.gatehouse.services.samlSigningKeys.activeKey(tenant)),
        ...Array.from({ length: 5 }, () => second.gatehouse.services.samlSigningKeys.activeKey(tenant)),
        ...others.map((keys) => keys.activeKey(tenant)),
        ...Array.from({ length: 3 }, () =>
          fetch(`${second.baseUrl}/saml/example.com/certificate`).then((r) => r.text()),
        ),
      ]);
      const ids = new Set(results.map((result) => (typeof result === 'string' ? bodyOf(result) : result.id)));
      const rows = await store.db
        .selectFrom('saml_signing_keys')
        .selectAll()
        .where('tenant_id', '=', tenant.id)
        .execute();
      assert.equal(rows.length, 1, 'one key stored');
      const [row] = rows;
      assert.equal(row?.state, 'active');
      assert.equal(ids.size, 2, 'every caller got the one key (by id, and by certificate over HTTP)');
      assert.ok(ids.has(row.id) && ids.has(bodyOf(row.certificate_pem)));
      const created = await auditEntries(admin, 'saml-signing-key.create');
      assert.equal(created.length, 1, 'its creation is logged once');
      assert.equal(created[0]?.actorLoginId, 'gatehouse (automatic)');
      assert.equal(created[0]?.targetId, row.id);
    });

    it('makes an RSA 3072 key with a self-signed SHA-256 certificate naming the tenant, valid for ten years', async () => {
      const key = await first.gatehouse.services.samlSigningKeys.activeKey(await tenantOf(first.gatehouse));
      const certificate = new X509Certificate(key.certificatePem);
      assert.match(certificate.subject, /CN=example\.com/);
      assert.equal(certificate.subject, certificate.issuer);
      assert.ok(certificate.verify(certificate.publicKey), 'self-signed');
      assert.ok(certificate.checkPrivateKey(key.privateKey), 'the certificate is the key’s');
      assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 3072);
      const years = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / (365.25 * 86_400_000);
      assert.ok(years > 9.99 && years < 10.01, `valid for ${years} years`);
      assert.equal(key.fingerprintSha256, certificate.fingerprint256);
    });

    it('keeps the private key sealed under the master key, bound to its row', async () => {
      const { store } = first.gatehouse;
      const tenant = await tenantOf(first.gatehouse);
      const key = await first.gatehouse.services.samlSigningKeys.activeKey(tenant);
      const row = await store.db
        .selectFrom('saml_signing_keys')
        .selectAll()
        .where('id', '=', key.id)
        .executeTakeFirstOrThrow();
      const stored = JSON.stringify(row);
      const secretPart = bodyOf(key.privateKeyPem).slice(100, 164);
      assert.match(row.sealed_private_key, /^v1\.[0-9a-f]{8}\./, 'a SecretBox value');
      assert.doesNotMatch(stored, /PRIVATE KEY/);
      assert.ok(!stored.includes(secretPart), 'no part of the key in the row');
      if (dialect === 'sqlite') {
        // Nor anywhere in the database's files, the write-ahead log included.
        for (const { file, text } of sqliteFilesOf(first.gatehouse)) {
          assert.ok(!text.includes(secretPart), `${file} holds no part of the private key`);
          assert.ok(!text.includes('PRIVATE KEY'), `${file} holds no PEM private key`);
        }
      }
      // The sealed value opens only as the key of its own row: copied to another row, it is refused.
      const box = new SecretBox(masterKeyOf(first.gatehouse));
      assert.equal(box.open(row.sealed_private_key, `saml-signing-key:${row.id}`), key.privateKeyPem);
      assert.throws(() => box.open(row.sealed_private_key, 'saml-signing-key:another-row'));
    });

    it('publishes its certificates without the master key, but signs with nothing it cannot unseal', async () => {
      // A server given another master key (a misconfiguration): the metadata needs no private key and still works.
      const stranger = await startTestServer(dialect, {
        databaseUrl: first.databaseUrl,
        dataDir: first.gatehouse.config.dataDir,
        env: { GATEHOUSE_SECRET_KEY: randomBytes(32).toString('hex') },
      });
      try {
        assert.deepEqual(await metadataCertificates(stranger), await metadataCertificates(first));
        await assert.rejects(
          stranger.gatehouse.services.samlSigningKeys.activeKey(await tenantOf(stranger.gatehouse)),
          /unknown key/,
        );
      } finally {
        await stranger.stop();
      }
    });

    it('rotates with overlap: prepare publishes the next certificate, activate signs with it and keeps the former one published until it is retired', async () => {
      const tenant = await tenantOf(first.gatehouse);
      const keysOnFirst = first.gatehouse.services.samlSigningKeys;
      const keysOnSecond = second.gatehouse.services.samlSigningKeys;
      const [initial] = await listSamlKeys(admin);
      assert.ok(initial);
      assert.equal(initial.state, 'active');
      const a = await keysOnFirst.activeKey(tenant);
      assert.equal(a.id, initial.id);

      const prepared = await admin.api('POST', '/saml-signing-keys');
      assert.equal(prepared.status, 201, prepared.text);
      const n = prepared.json<SamlSigningKey>();
      assert.equal(n.state, 'next');
      assert.equal(n.published, true);
      assert.equal(n.activatedAt, null);
      const nPem = await admin.api('GET', `/saml-signing-keys/${n.id}/certificate`);
      assert.equal(nPem.status, 200);
      assert.equal(new X509Certificate(nPem.text).fingerprint256, n.fingerprintSha256);
      // Both servers publish both certificates at once (metadata reads the database), the signing one first.
      for (const server of [first, second])
        assert.deepEqual(await metadataCertificates(server), [bodyOf(a.certificatePem), bodyOf(nPem.text)]);
      assert.equal((await keysOnFirst.activeKey(tenant)).id, a.id, 'a prepared key does not sign');

      // The other server reads its keys afresh now (its earlier read has aged out), so its cache is at most this old.
      await new Promise((resolve) => setTimeout(resolve, ACTIVE_KEY_CACHE_MS));
      const secondReadFrom = performance.now();
      await keysOnSecond.activeKey(tenant);
      const activated = await admin.api('POST', `/saml-signing-keys/${n.id}/activate`);
      assert.equal(activated.status, 200, activated.text);
      assert.equal(activated.json<SamlSigningKey>().state, 'active');
      let keys = await listSamlKeys(admin);
      assert.equal(stateOf(keys, n.id), 'active');
      assert.equal(stateOf(keys, a.id), 'previous');
      assert.equal(keys.find((key) => key.id === a.id)?.published, true);
      assert.deepEqual(await metadataCertificates(second), [bodyOf(nPem.text), bodyOf(a.certificatePem)]);
      const download = await fetch(`${second.baseUrl}/saml/example.com/certificate`);
      assert.equal(bodyOf(await download.text()), bodyOf(nPem.text), 'Download certificate gives the new one');
      assert.equal((await keysOnFirst.activeKey(tenant)).id, n.id, 'the server that activated signs with it at once');

      // The other server keeps its unsealed key for a few seconds (a sign-on does not unseal each time), then follows.
      // On a busy machine the steps above may outlast the cache; then only the following is checked.
      const switchStarted = performance.now();
      if (switchStarted - secondReadFrom < ACTIVE_KEY_CACHE_MS - 100)
        assert.equal((await keysOnSecond.activeKey(tenant)).id, a.id, 'cached');
      while ((await keysOnSecond.activeKey(tenant)).id !== n.id) {
        assert.ok(
          performance.now() - switchStarted < ACTIVE_KEY_CACHE_MS + 1000,
          'the other server follows in seconds',
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      // A second rotation pushes the key that was previous out: retired, its private key erased.
      const again = await admin.api('POST', '/saml-signing-keys');
      assert.equal(again.status, 201, again.text);
      const n2 = again.json<SamlSigningKey>();
      assert.equal((await admin.api('POST', `/saml-signing-keys/${n2.id}/activate`)).status, 200);
      keys = await listSamlKeys(admin);
      assert.deepEqual(
        [n2.id, n.id, a.id].map((id) => stateOf(keys, id)),
        ['active', 'previous', 'retired'],
      );
      const retiredRow = await first.gatehouse.store.db
        .selectFrom('saml_signing_keys')
        .selectAll()
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.equal(retiredRow.sealed_private_key, '', 'a retired key is erased');
      assert.ok(retiredRow.retired_at > 0);
      assert.equal((await metadataCertificates(first)).length, 2);

      // Retiring the previous key ends the overlap: only the active certificate is left in the metadata.
      const retired = await admin.api('POST', `/saml-signing-keys/${n.id}/retire`);
      assert.equal(retired.status, 200, retired.text);
      assert.equal(retired.json<SamlSigningKey>().state, 'retired');
      assert.equal(retired.json<SamlSigningKey>().published, false);
      const n2Pem = (await admin.api('GET', `/saml-signing-keys/${n2.id}/certificate`)).text;
      assert.deepEqual(await metadataCertificates(first), [bodyOf(n2Pem)]);
      keys = await listSamlKeys(admin);
      assert.deepEqual(
        keys.map((key) => key.id),
        [n2.id, n.id, a.id],
        'newest first',
      );
      // A retired certificate can still be downloaded, for the record.
      assert.equal((await admin.api('GET', `/saml-signing-keys/${a.id}/certificate`)).status, 200);
    });

    it('writes every change to the Admin Operation Logs with before and after', async () => {
      const keys = await listSamlKeys(admin);
      const active = keys.find((key) => key.state === 'active');
      assert.ok(active);
      const [prepare] = await auditEntries(admin, 'saml-signing-key.prepare');
      assert.ok(prepare);
      assert.equal(prepare.actorLoginId, 'admin@example.com');
      assert.equal(prepare.before, null);
      assert.deepEqual(Object.keys(prepare.after ?? {}).sort(), ['fingerprintSha256', 'notAfter', 'state']);
      assert.equal(prepare.after?.state, 'next');

      const [activate] = await auditEntries(admin, 'saml-signing-key.activate');
      assert.ok(activate);
      assert.equal(activate.targetId, active.id);
      assert.equal(activate.targetLabel, active.fingerprintSha256);
      const before = activate.before as Record<string, { fingerprintSha256: string } | null>;
      const afterwards = activate.after as Record<string, { fingerprintSha256: string; state: string } | null>;
      assert.equal(before.next?.fingerprintSha256, active.fingerprintSha256);
      assert.equal(afterwards.active?.fingerprintSha256, active.fingerprintSha256);
      assert.equal(afterwards.previous?.fingerprintSha256, before.active?.fingerprintSha256);
      assert.equal(afterwards.previous?.state, 'previous');
      assert.equal(afterwards.next, null);

      const [retire] = await auditEntries(admin, 'saml-signing-key.retire');
      assert.equal(retire?.before?.state, 'previous');
      assert.equal(retire?.after?.state, 'retired');
      assert.equal((await auditEntries(admin, 'saml-signing-key.activate')).length, 2);
      // Nothing secret in any of them.
      for (const operation of ['create', 'prepare', 'activate', 'retire'])
        for (const entry of await auditEntries(admin, `saml-signing-key.${operation}`))
          assert.doesNotMatch(JSON.stringify(entry), /PRIVATE|sealed|v1\.[0-9a-f]{8}\./);
    });

    it('answers a clear 4xx to every change the rotation does not allow, and changes nothing', async () => {
      // A Read-Only Admin and a User Admin see the certificates but change nothing.
      await assertRotationRefusals(admin, pair.readers, {
        route: '/saml-signing-keys',
        messages: SAML_SIGNING_KEY_MESSAGES,
        moreKeyReads: ['/certificate'],
      });
    });

    it('lets one of two servers that prepare or activate at the same moment win, and tells the other', async () => {
      await assertRacingRotation([admin, await signedInClient(second)], '/saml-signing-keys');
    });
  });
}

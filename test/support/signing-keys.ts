import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Gatehouse } from '../../src/main.js';
import type { TenantRow } from '../../src/store/schema.js';
import type { HttpClient } from './http-client.js';
import type { Dialect } from '../../src/store/database.js';
import { addUser, type ApiAuditEntry, assertApiError, GOOD_PASSWORD, signedInClient } from './scenario.js';
import { startTestServer, type TestServer } from './test-server.js';

/** What the signing-key tests of every protocol (SAML, OpenID Connect) read alike. */

export async function tenantOf(gatehouse: Gatehouse): Promise<TenantRow> {
  const tenant = await gatehouse.services.tenants.findByDomain('example.com');
  assert.ok(tenant);
  return tenant;
}

/** The master key the test server made in its data folder (no GATEHOUSE_SECRET_KEY is set). */
export function masterKeyOf(gatehouse: Gatehouse): Buffer {
  return Buffer.from(readFileSync(path.join(gatehouse.config.dataDir, 'secret.key'), 'utf8').trim(), 'hex');
}

/** The SQLite files of a test server (the write-ahead log included), as text, to look for what must not be there. */
export function sqliteFilesOf(gatehouse: Gatehouse): { file: string; text: string }[] {
  const dir = gatehouse.config.dataDir;
  return readdirSync(dir)
    .filter((name) => name.startsWith('gatehouse.db'))
    .map((file) => ({ file, text: readFileSync(path.join(dir, file)).toString('latin1') }));
}

/** The keys of a signing-key list route (`/saml-signing-keys`, `/oidc-signing-keys`), newest first. */
export async function listKeys<Key>(admin: HttpClient, route: string): Promise<Key[]> {
  const answer = await admin.api('GET', route);
  assert.equal(answer.status, 200, answer.text);
  return answer.json<{ items: Key[] }>().items;
}

export const stateOf = (keys: { id: string; state: string }[], id: string) => keys.find((key) => key.id === id)?.state;

export async function auditEntries(admin: HttpClient, operation: string): Promise<ApiAuditEntry[]> {
  const answer = await admin.api('GET', `/audit-logs?operation=${operation}&limit=200`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json<{ items: ApiAuditEntry[] }>().items;
}

/** One protocol's rotation routes, and the messages its refusals carry (core/messages.ts). */
export interface RotationUnderTest {
  route: '/saml-signing-keys' | '/oidc-signing-keys';
  messages: Record<
    'notFound' | 'nextExists' | 'notPrepared' | 'alreadyActive' | 'retireActive' | 'alreadyRetired',
    string
  >;
  /** GET routes of one key beside the key itself (SAML's `/certificate`), which must not find an unknown one either. */
  moreKeyReads?: string[];
}

type Key = { id: string; state: string };

/**
 * Every change the rotation refuses answers a 4xx with its message and changes nothing: on a tenant with an active and
 * a retired key, which it leaves with an active, a previous and two retired ones. `readers` (Read-Only and User
 * Admins) may list and read but change nothing.
 */
export async function assertRotationRefusals(
  admin: HttpClient,
  readers: HttpClient[],
  { route, messages, moreKeyReads = [] }: RotationUnderTest,
): Promise<void> {
  const refusal = async (method: string, path: string, status: number, error: string) =>
    assertApiError(await admin.api(method, path), status, error).message;
  const keys = await listKeys<Key>(admin, route);
  const active = keys.find((key) => key.state === 'active');
  const retired = keys.find((key) => key.state === 'retired');
  assert.ok(active && retired);
  assert.equal(await refusal('POST', `${route}/${active.id}/activate`, 409, 'conflict'), messages.alreadyActive);
  assert.equal(
    await refusal('POST', `${route}/${retired.id}/activate`, 409, 'conflict'),
    messages.notPrepared,
    'nothing is prepared: a retired key cannot come back',
  );
  assert.equal(await refusal('POST', `${route}/${active.id}/retire`, 409, 'conflict'), messages.retireActive);
  assert.equal(await refusal('POST', `${route}/${retired.id}/retire`, 409, 'conflict'), messages.alreadyRetired);
  const unknown = '00000000-0000-4000-8000-000000000000';
  for (const [method, suffix] of [
    ['GET', ''],
    ...moreKeyReads.map((read) => ['GET', read] as const),
    ['POST', '/activate'],
    ['POST', '/retire'],
  ] as const)
    assert.equal(await refusal(method, `${route}/${unknown}${suffix}`, 404, 'not_found'), messages.notFound);

  const prepared = await admin.api('POST', route);
  assert.equal(prepared.status, 201);
  assert.equal(await refusal('POST', route, 409, 'conflict'), messages.nextExists);
  // A previous key cannot be activated again either: only a prepared one signs next.
  assert.equal((await admin.api('POST', `${route}/${prepared.json<Key>().id}/activate`)).status, 200);
  const previous = (await listKeys<Key>(admin, route)).find((key) => key.state === 'previous');
  assert.ok(previous);
  assert.equal(await refusal('POST', `${route}/${previous.id}/activate`, 409, 'conflict'), messages.notPrepared);

  for (const reader of readers) {
    assert.equal((await reader.api('GET', route)).status, 200);
    assert.equal((await reader.api('GET', `${route}/${previous.id}`)).status, 200);
    assertApiError(await reader.api('POST', route), 403, 'forbidden');
    assertApiError(await reader.api('POST', `${route}/${previous.id}/activate`), 403, 'forbidden');
    assertApiError(await reader.api('POST', `${route}/${previous.id}/retire`), 403, 'forbidden');
  }

  assert.deepEqual(
    (await listKeys<Key>(admin, route)).map((key) => key.state).sort(),
    ['active', 'previous', 'retired', 'retired'],
    'only the allowed changes happened',
  );
}

/**
 * Two administrators on two servers prepare at the same moment, then activate the prepared key at the same moment:
 * each time one wins and the other is told (409), and the tenant ends with one active and one previous key.
 */
export async function assertRacingRotation(admins: [HttpClient, HttpClient], route: string): Promise<void> {
  const prepares = await Promise.all(admins.map((admin) => admin.api('POST', route)));
  assert.deepEqual(prepares.map((answer) => answer.status).sort(), [201, 409]);
  const next = prepares.find((answer) => answer.status === 201)?.json<Key>();
  assert.ok(next);
  const activations = await Promise.all(admins.map((admin) => admin.api('POST', `${route}/${next.id}/activate`)));
  assert.deepEqual(activations.map((answer) => answer.status).sort(), [200, 409]);
  for (const answer of activations.filter((a) => a.status === 409)) assertApiError(answer, 409, 'conflict');
  const keys = await listKeys<Key>(admins[0], route);
  assert.equal(stateOf(keys, next.id), 'active');
  assert.deepEqual(
    ['active', 'previous', 'next'].map((state) => keys.filter((key) => key.state === state).length),
    [1, 1, 0],
  );
}

/** Two Gatehouse servers on one database, and administrators of every role signed in. */
export interface ServerPair {
  first: TestServer;
  second: TestServer;
  /** A Global Admin, on the first server. */
  admin: HttpClient;
  /** A Read-Only Admin and a User Admin: they may read the keys but change nothing. */
  readers: HttpClient[];
  close(): Promise<void>;
}

/**
 * Two servers on the same database and data folder (so the same master key), as behind a load balancer: where keys
 * are made once however many servers race, and a rotation made on one reaches the other.
 */
export async function startServerPair(dialect: Dialect): Promise<ServerPair> {
  const first = await startTestServer(dialect);
  const second = await startTestServer(dialect, {
    databaseUrl: first.databaseUrl,
    dataDir: first.gatehouse.config.dataDir,
  });
  const admin = await signedInClient(first);
  const readOnly = await addUser(admin, { loginId: 'auditor@example.com', role: 'read-only-admin' });
  const userAdmin = await addUser(admin, { loginId: 'users@example.com', role: 'user-admin' });
  const readers = [
    await signedInClient(first, readOnly.loginId, GOOD_PASSWORD),
    await signedInClient(second, userAdmin.loginId, GOOD_PASSWORD),
  ];
  return {
    first,
    second,
    admin,
    readers,
    async close() {
      await second.stop();
      await first.close();
    },
  };
}

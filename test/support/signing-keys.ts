import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Gatehouse } from '../../src/main.js';
import type { TenantRow } from '../../src/store/schema.js';
import type { HttpClient } from './http-client.js';
import type { ApiAuditEntry } from './scenario.js';

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

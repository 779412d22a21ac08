import { errors } from 'oidc-provider';
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import {
  consumeOidcRecord,
  deleteOidcGrant,
  deleteOidcGrantAndRecord,
  deleteOidcRecord,
  findOidcRecord,
  findOidcRecordBy,
  upsertOidcRecord,
} from '../../store/oidc-records.js';
import type { OidcRecordRow } from '../../store/schema.js';

/** The engine counts in seconds since the epoch; Gatehouse's clock and columns in milliseconds. */
const SECOND = 1000;

function payloadOf(row: OidcRecordRow | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  const payload = JSON.parse(row.payload) as AdapterPayload;
  // The engine reads `consumed` to tell a used code or refresh token from a fresh one.
  return row.consumed_at > 0 ? { ...payload, consumed: Math.floor(row.consumed_at / SECOND) } : payload;
}

/**
 * The storage of one tenant's OpenID Provider (oidc-provider's adapter interface) on Gatehouse's database, SQLite or
 * PostgreSQL through the same statements, so that every server of a cluster sees the same codes, tokens and sessions.
 * The engine makes one instance per model name (`AuthorizationCode`, `RefreshToken`, `Session`, …).
 */
export function oidcStoreAdapter(store: Store, clock: Clock, tenantId: string): AdapterConstructor {
  return class OidcStoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const now = clock.now();
      await upsertOidcRecord(store.db, {
        tenant_id: tenantId,
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? '',
        user_code: payload.userCode ?? '',
        uid: payload.uid ?? '',
        expires_at: expiresIn ? now + expiresIn * SECOND : 0,
        consumed_at: 0,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return payloadOf(await findOidcRecord(store.db, { tenantId, model: this.model, id }, clock.now()));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const where = { tenantId, model: this.model, field: 'uid', value: uid } as const;
      return payloadOf(await findOidcRecordBy(store.db, where, clock.now()));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const where = { tenantId, model: this.model, field: 'user_code', value: userCode } as const;
      return payloadOf(await findOidcRecordBy(store.db, where, clock.now()));
    }

    /**
     * The engine reads a code (or refresh token), sees it unused, then consumes it: two requests with the same code
     * can both get that far. The conditional update lets one through; the other is a reuse, treated as the engine
     * treats one it sees — the grant and everything issued under it are revoked, the winner's tokens too.
     */
    async consume(id: string): Promise<void> {
      const key = { tenantId, model: this.model, id };
      if (await consumeOidcRecord(store.db, key, clock.now())) return;
      const row = await findOidcRecord(store.db, key, clock.now());
      await deleteOidcGrantAndRecord(store.db, tenantId, row?.grant_id ?? '');
      throw new errors.InvalidGrant(`${this.model} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      await deleteOidcRecord(store.db, { tenantId, model: this.model, id });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await deleteOidcGrant(store.db, tenantId, grantId);
    }
  };
}

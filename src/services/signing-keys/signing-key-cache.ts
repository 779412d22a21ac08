import type { TenantRow } from '../../store/schema.js';

/**
 * How long a server trusts the signing keys it has read: a rotation made on another server reaches this one within it.
 * A change made through this server is seen at once.
 */
export const ACTIVE_KEY_CACHE_MS = 1000;

/**
 * A tenant's unsealed signing keys, kept for ACTIVE_KEY_CACHE_MS at a time so that signing does not unseal each time.
 * Then the database is read again, one read per tenant at a time on this server; `load` is given what it replaces,
 * so that it can keep a key that has not changed instead of unsealing it again. Ages are measured in real time,
 * whatever clock the services are given.
 */
export class SigningKeyCache<V> {
  private readonly kept = new Map<string, { value: V; checkedAt: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(private readonly load: (tenant: TenantRow, kept: V | undefined) => Promise<V>) {}

  get(tenant: TenantRow): Promise<V> {
    const cached = this.kept.get(tenant.id);
    if (cached && performance.now() - cached.checkedAt < ACTIVE_KEY_CACHE_MS) return Promise.resolve(cached.value);
    const pending = this.loading.get(tenant.id);
    if (pending) return pending;
    const read: Promise<V> = this.load(tenant, cached?.value)
      .then((value) => {
        // A read that a change overtook (see forget) still answers its callers, but is not kept.
        if (this.loading.get(tenant.id) === read) this.kept.set(tenant.id, { value, checkedAt: performance.now() });
        return value;
      })
      .finally(() => {
        if (this.loading.get(tenant.id) === read) this.loading.delete(tenant.id);
      });
    this.loading.set(tenant.id, read);
    return read;
  }

  /** After a change made through this server: the next get reads the database, even if a read is under way. */
  forget(tenantId: string): void {
    this.kept.delete(tenantId);
    this.loading.delete(tenantId);
  }
}

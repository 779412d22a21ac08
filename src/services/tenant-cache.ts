import type { TenantRow } from '../store/schema.js';

/** How long a tenant read from the database is trusted: another server's change reaches this one within it. */
export const TENANT_CACHE_MS = 1000;

/**
 * Tenants by domain, kept for a second: every request of a sign-in looks its tenant up, and tenants change
 * rarely. A change made through this process forgets them at once; one made by another process (several
 * servers on one database) shows within TENANT_CACHE_MS. Ages are measured in real time, whatever clock the
 * services are given.
 */
export class TenantCache {
  private readonly byDomain = new Map<string, { tenant: TenantRow; loadedAt: number }>();

  async get(domain: string, load: () => Promise<TenantRow | undefined>): Promise<TenantRow | undefined> {
    const cached = this.byDomain.get(domain);
    if (cached && performance.now() - cached.loadedAt < TENANT_CACHE_MS) return cached.tenant;
    const tenant = await load();
    if (tenant) this.byDomain.set(domain, { tenant, loadedAt: performance.now() });
    else this.byDomain.delete(domain);
    return tenant;
  }

  /** After any change to a tenant row (settings, policy version). */
  forget(): void {
    this.byDomain.clear();
  }
}

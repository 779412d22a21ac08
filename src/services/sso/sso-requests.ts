import type { Store } from '../../store/database.js';
import type { SsoRequestRow, TenantRow } from '../../store/schema.js';
import { findSsoRequest } from '../../store/sso-requests.js';

/** The single sign-on requests waiting for their users, of either protocol: the page that resumes one asks here. */
export class SsoRequests {
  constructor(private readonly store: Store) {}

  find(tenant: TenantRow, id: string): Promise<SsoRequestRow | undefined> {
    return findSsoRequest(this.store.db, tenant.id, id);
  }
}

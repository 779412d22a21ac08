import type { TenantRow } from '../../store/schema.js';

/** Who the passkeys are for: WebAuthn's relying party, and the one origin its ceremonies may run on. */
export interface RelyingParty {
  /** The RP ID: the host name, which the authenticator binds each credential to. */
  id: string;
  origin: string;
  name: string;
}

/**
 * Derived from GATEHOUSE_PUBLIC_URL, so that every node of a cluster agrees and a forged Host header changes nothing.
 * Without it (a trial install) the origin the browser used stands in, as it does for the CSRF check: the browser
 * itself will only answer for the site it is on.
 */
export function relyingPartyOf(tenant: TenantRow, publicUrl: URL | undefined, requestOrigin: string): RelyingParty {
  const url = publicUrl ?? new URL(requestOrigin);
  return { id: url.hostname, origin: url.origin, name: tenant.login_page_title.trim() || tenant.domain };
}

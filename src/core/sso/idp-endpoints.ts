import { idpUrlsOf } from '../saml/idp-urls.js';

/**
 * Gatehouse's own SAML endpoints for a tenant (SPEC §6), as the console shows them to an administrator: the same
 * URLs as the metadata publishes (core/saml/idp-urls.ts), under the names of the admin API.
 */
export interface IdentityProviderEndpoints {
  entityId: string;
  metadataUrl: string;
  certificateUrl: string;
  ssoUrl: string;
  sloUrl: string;
}

/** `base` is GATEHOUSE_PUBLIC_URL (its path kept) or, without one, the request's origin. */
export function identityProviderEndpoints(base: string, domain: string): IdentityProviderEndpoints {
  const urls = idpUrlsOf(base, domain);
  return {
    entityId: urls.entityId,
    metadataUrl: urls.metadata,
    certificateUrl: urls.certificate,
    ssoUrl: urls.singleSignOn,
    sloUrl: urls.singleLogout,
  };
}

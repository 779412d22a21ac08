/**
 * Gatehouse's own SAML endpoints for a tenant (SPEC §6), as a service provider is told them: the metadata URL is
 * also the IdP's entity ID. `base` is the origin of GATEHOUSE_PUBLIC_URL (or, without one, of the request).
 */
export interface IdentityProviderEndpoints {
  entityId: string;
  metadataUrl: string;
  certificateUrl: string;
  ssoUrl: string;
  sloUrl: string;
}

export function identityProviderEndpoints(base: string, domain: string): IdentityProviderEndpoints {
  const root = `${base.replace(/\/+$/, '')}/saml/${encodeURIComponent(domain)}`;
  return {
    entityId: `${root}/metadata`,
    metadataUrl: `${root}/metadata`,
    certificateUrl: `${root}/certificate`,
    ssoUrl: `${root}/sso`,
    sloUrl: `${root}/slo`,
  };
}

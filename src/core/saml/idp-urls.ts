/** A tenant's SAML IdP endpoints (SPEC §6); the metadata's URL is also the IdP's entity ID. */
export interface IdpUrls {
  entityId: string;
  metadata: string;
  singleSignOn: string;
  singleLogout: string;
  certificate: string;
}

/**
 * `base` is GATEHOUSE_PUBLIC_URL (a path in it is kept, for a server behind a proxy that serves it under one), or the
 * origin the request came to when it is not set.
 */
export function idpUrlsOf(base: string, domain: string): IdpUrls {
  const root = `${base.replace(/\/+$/, '')}/saml/${encodeURIComponent(domain)}`;
  return {
    entityId: `${root}/metadata`,
    metadata: `${root}/metadata`,
    singleSignOn: `${root}/sso`,
    singleLogout: `${root}/slo`,
    certificate: `${root}/certificate`,
  };
}

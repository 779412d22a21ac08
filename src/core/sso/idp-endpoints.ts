import { idpUrlsOf } from '../saml/idp-urls.js';

/**
 * Gatehouse's own endpoints for a tenant (SPEC §6), as the console shows them to an administrator: the SAML URLs the
 * metadata publishes (core/saml/idp-urls.ts), and the OpenID Connect issuer, under the names of the admin API.
 */
export interface IdentityProviderEndpoints {
  entityId: string;
  metadataUrl: string;
  certificateUrl: string;
  ssoUrl: string;
  sloUrl: string;
  /** The tenant's OpenID Connect issuer; its discovery document is below it. */
  oidcIssuer: string;
  oidcDiscoveryUrl: string;
}

/** The tenant's OpenID Connect issuer (SPEC §6): `base` as for the SAML endpoints. */
export function oidcIssuerOf(base: string, domain: string): string {
  return `${base.replace(/\/+$/, '')}/oidc/${encodeURIComponent(domain)}`;
}

/**
 * Where a portal tile sends the user so that an OpenID Connect client starts a sign-in (OIDC Core §4, initiated by a
 * third party): the client's initiate_login_uri with `iss`, so that it knows which provider to ask.
 */
export function initiateLoginUrl(initiateLoginUri: string, issuer: string): string {
  const url = new URL(initiateLoginUri);
  url.searchParams.set('iss', issuer);
  return url.href;
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
    oidcIssuer: oidcIssuerOf(base, domain),
    oidcDiscoveryUrl: `${oidcIssuerOf(base, domain)}/.well-known/openid-configuration`,
  };
}

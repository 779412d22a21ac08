import type { ConnectedServiceChanges, OidcClientSettings } from '@contract/admin-api';
import type { AccessValues } from './ServiceAccessFields';

/**
 * The OpenID Connect client form's values: lists of URIs as one per line, scopes separated by spaces, claim
 * mappings as `claim = attribute` lines, lifetimes as numbers; the server checks and names any error.
 */
export interface OidcFormValues extends AccessValues {
  name: string;
  clientType: OidcClientSettings['clientType'];
  redirectUris: string;
  postLogoutRedirectUris: string;
  grantTypes: OidcClientSettings['grantTypes'];
  scopes: string;
  accessTokenLifetime: number | string;
  idTokenLifetime: number | string;
  refreshTokenLifetime: number | string;
  firstParty: boolean;
  pairwiseSubject: boolean;
  claims: string;
  initiateLoginUri: string;
}

export const oidcFormFields = [
  'name',
  'allowAccess',
  'allowCondition',
  'requireOtp',
  'requireOtpCondition',
  'oidc.clientType',
  'oidc.redirectUris',
  'oidc.postLogoutRedirectUris',
  'oidc.grantTypes',
  'oidc.scopes',
  'oidc.accessTokenLifetime',
  'oidc.idTokenLifetime',
  'oidc.refreshTokenLifetime',
  'oidc.firstParty',
  'oidc.pairwiseSubject',
  'oidc.claims',
  'oidc.initiateLoginUri',
] as const;
export type OidcFormField = (typeof oidcFormFields)[number];

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export function oidcFormValuesOf(settings: AccessValues & { name: string; oidc: OidcClientSettings }): OidcFormValues {
  const { oidc } = settings;
  return {
    name: settings.name,
    allowAccess: settings.allowAccess,
    allowCondition: settings.allowCondition,
    requireOtp: settings.requireOtp,
    requireOtpCondition: settings.requireOtpCondition,
    clientType: oidc.clientType,
    redirectUris: oidc.redirectUris.join('\n'),
    postLogoutRedirectUris: oidc.postLogoutRedirectUris.join('\n'),
    grantTypes: oidc.grantTypes,
    scopes: oidc.scopes.join(' '),
    accessTokenLifetime: oidc.accessTokenLifetime,
    idTokenLifetime: oidc.idTokenLifetime,
    refreshTokenLifetime: oidc.refreshTokenLifetime,
    firstParty: oidc.firstParty,
    pairwiseSubject: oidc.pairwiseSubject,
    claims: oidc.claims.map((mapping) => `${mapping.claim} = ${mapping.attribute}`).join('\n'),
    initiateLoginUri: oidc.initiateLoginUri,
  };
}

export function oidcChangesOf(values: OidcFormValues): ConnectedServiceChanges {
  const { name, allowAccess, allowCondition, requireOtp, requireOtpCondition } = values;
  return {
    name,
    allowAccess,
    allowCondition,
    requireOtp,
    requireOtpCondition,
    oidc: {
      clientType: values.clientType,
      redirectUris: lines(values.redirectUris),
      postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
      grantTypes: values.grantTypes,
      scopes: values.scopes.split(/\s+/).filter((scope) => scope !== ''),
      accessTokenLifetime: Number(values.accessTokenLifetime),
      idTokenLifetime: Number(values.idTokenLifetime),
      refreshTokenLifetime: Number(values.refreshTokenLifetime),
      firstParty: values.firstParty,
      pairwiseSubject: values.pairwiseSubject,
      claims: lines(values.claims).map((line) => {
        const [claim = '', ...attribute] = line.split('=');
        return { claim: claim.trim(), attribute: attribute.join('=').trim() };
      }),
      initiateLoginUri: values.initiateLoginUri.trim(),
    },
  };
}

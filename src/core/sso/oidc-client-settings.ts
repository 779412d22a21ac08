import { ATTRIBUTE_NAME } from '../user-fields.js';
import { ValidationError } from '../validation-error.js';
import { asObject, checkBoolean, checkServiceUrl, oneOf, refuseUnknownFields } from './saml-field-checks.js';

/** Confidential clients hold a secret (a server); public ones cannot keep one (a browser or mobile app). */
export const OIDC_CLIENT_TYPES = ['confidential', 'public'] as const;
export type OidcClientType = (typeof OIDC_CLIENT_TYPES)[number];

export const OIDC_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type OidcGrantType = (typeof OIDC_GRANT_TYPES)[number];

/** The scopes Gatehouse gives a meaning to; a client may also be allowed custom scopes of its own. */
export const OIDC_STANDARD_SCOPES = ['openid', 'profile', 'email', 'groups', 'offline_access'] as const;
/** A custom scope: a name an API can check, nothing a URL or a header could be confused by. */
export const CUSTOM_SCOPE_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/;
/** A claim name of a custom-attribute mapping: a JSON member name that needs no quoting anywhere. */
export const CLAIM_NAME = /^[a-z_][a-z0-9_.:-]{0,63}$/i;
/** The claims Gatehouse itself sets (JWT, OIDC Core §2 and §5.1, RFC 8693): a mapping must not replace them. */
export const RESERVED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'c_hash',
  'sid',
  'scope',
  'client_id',
  'cnf',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'groups',
] as const;

export const MAX_REDIRECT_URIS = 20;
export const MAX_SCOPES = 50;
export const MAX_CLAIMS = 50;

/** Token lifetimes in seconds: [least, most, default]. */
export const TOKEN_LIFETIMES = {
  /** A bearer token: short, since it cannot be recalled once issued; one hour is what most providers give. */
  accessTokenLifetime: [60, 86_400, 3_600],
  /** Read once at sign-in; one hour, like the access token. */
  idTokenLifetime: [60, 86_400, 3_600],
  /** Rotated at each use (issue 10 item 3); 30 days of inactivity by default, a year at most. */
  refreshTokenLifetime: [3_600, 31_536_000, 2_592_000],
} as const satisfies Record<string, readonly [number, number, number]>;
type LifetimeField = keyof typeof TOKEN_LIFETIMES;

export interface ClaimMapping {
  /** The claim's name in the ID token and at userinfo. */
  claim: string;
  /** The user's custom attribute that gives its value. */
  attribute: string;
}

/** An OpenID Connect client's settings (issue 10 item 5); the labels in comments are the console's. */
export interface OidcClientSettings {
  clientType: OidcClientType;
  /** Redirect URIs, compared exactly as typed (OAuth 2.0 Security BCP §4.1.3). */
  redirectUris: string[];
  /** Post-logout redirect URIs for RP-initiated logout; same rules, may be empty. */
  postLogoutRedirectUris: string[];
  grantTypes: OidcGrantType[];
  /** Scopes the client may ask for. */
  scopes: string[];
  accessTokenLifetime: number;
  idTokenLifetime: number;
  refreshTokenLifetime: number;
  /** First-party: the organisation's own application, signed into without a consent page. */
  firstParty: boolean;
  /** Pairwise `sub`: each client sees its own identifier for a user, so that clients cannot match their users. */
  pairwiseSubject: boolean;
  /** Extra claims from custom attributes. */
  claims: ClaimMapping[];
  /** Where the portal tile sends users so that the client starts the sign-in ('' for no tile). */
  initiateLoginUri: string;
}

export const OIDC_CLIENT_SETTINGS_FIELDS = [
  'clientType',
  'redirectUris',
  'postLogoutRedirectUris',
  'grantTypes',
  'scopes',
  'accessTokenLifetime',
  'idTokenLifetime',
  'refreshTokenLifetime',
  'firstParty',
  'pairwiseSubject',
  'claims',
  'initiateLoginUri',
] as const satisfies readonly (keyof OidcClientSettings)[];

/** A new client: a confidential web application signing users in, first-party, with the usual lifetimes. */
export const DEFAULT_OIDC_CLIENT_SETTINGS: OidcClientSettings = {
  clientType: 'confidential',
  redirectUris: [],
  postLogoutRedirectUris: [],
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'profile', 'email'],
  accessTokenLifetime: TOKEN_LIFETIMES.accessTokenLifetime[2],
  idTokenLifetime: TOKEN_LIFETIMES.idTokenLifetime[2],
  refreshTokenLifetime: TOKEN_LIFETIMES.refreshTokenLifetime[2],
  firstParty: true,
  pairwiseSubject: false,
  claims: [],
  initiateLoginUri: '',
};

const CLAIM_FIELDS = ['claim', 'attribute'] as const;

/**
 * `base` completed by `input` (a whole or partial `oidc` object of an API body), checked as a whole: every error
 * names its field (`oidc.<field>`), and list rows by their number ("Redirect URI 2: ...").
 */
export function validateOidcClientSettings(input: unknown, base: OidcClientSettings): OidcClientSettings {
  const given = asObject(input, 'oidc', 'OpenID Connect settings');
  refuseUnknownFields(given, OIDC_CLIENT_SETTINGS_FIELDS, 'oidc.');
  const merged = { ...base, ...given } as Record<string, unknown>;
  const clientType = oneOf(merged.clientType, OIDC_CLIENT_TYPES, 'oidc.clientType', 'Client type');
  const grantTypes = checkGrantTypes(merged.grantTypes, clientType);
  // A machine client (client credentials only) sends nobody's browser anywhere: it needs no redirect URI.
  const signsUsersIn = grantTypes.includes('authorization_code');
  const redirectUris = checkUris(merged.redirectUris, 'oidc.redirectUris', 'Redirect URI', signsUsersIn);
  const postLogoutRedirectUris = checkUris(
    merged.postLogoutRedirectUris,
    'oidc.postLogoutRedirectUris',
    'Post-logout redirect URI',
    false,
  );
  const scopes = checkScopes(merged.scopes, grantTypes);
  const lifetime = (field: LifetimeField, label: string) => checkLifetime(merged[field], field, label);
  const accessTokenLifetime = lifetime('accessTokenLifetime', 'Access token lifetime');
  const idTokenLifetime = lifetime('idTokenLifetime', 'ID token lifetime');
  const refreshTokenLifetime = lifetime('refreshTokenLifetime', 'Refresh token lifetime');
  const firstParty = checkBoolean(merged.firstParty, 'oidc.firstParty', 'First-party');
  const pairwiseSubject = checkBoolean(merged.pairwiseSubject, 'oidc.pairwiseSubject', 'Pairwise subject');
  const claims = checkClaims(merged.claims);
  const loginText = typeof merged.initiateLoginUri === 'string' ? merged.initiateLoginUri.trim() : undefined;
  const initiateLoginUri =
    loginText === '' ? '' : checkServiceUrl(merged.initiateLoginUri, 'oidc.initiateLoginUri', 'Initiate login URI');
  return {
    clientType,
    redirectUris,
    postLogoutRedirectUris,
    grantTypes,
    scopes,
    accessTokenLifetime,
    idTokenLifetime,
    refreshTokenLifetime,
    firstParty,
    pairwiseSubject,
    claims,
    initiateLoginUri,
  };
}

/** https, or http to the loopback host; no fragment; kept exactly as typed, since they are compared exactly. */
function checkUris(value: unknown, field: string, label: string, required: boolean): string[] {
  if (!Array.isArray(value)) throw new ValidationError(`${label}s must be a list.`, field);
  if (required && value.length === 0) throw new ValidationError(`Add at least one ${label}.`, field);
  if (value.length > MAX_REDIRECT_URIS)
    throw new ValidationError(`A client has at most ${MAX_REDIRECT_URIS} ${label}s.`, field);
  const uris = value.map((item: unknown, position) => checkServiceUrl(item, field, `${label} ${position + 1}`));
  uris.forEach((uri, position) => {
    const earlier = uris.indexOf(uri);
    if (earlier !== position)
      throw new ValidationError(`${label} ${position + 1} is the same as ${label} ${earlier + 1}.`, field);
  });
  return uris;
}

function checkGrantTypes(value: unknown, clientType: OidcClientType): OidcGrantType[] {
  const field = 'oidc.grantTypes';
  if (!Array.isArray(value)) throw new ValidationError('Grant types must be a list.', field);
  if (value.length === 0) throw new ValidationError('Choose at least one grant type.', field);
  value.forEach((grant: unknown, position) => {
    oneOf(grant, OIDC_GRANT_TYPES, field, `Grant type ${position + 1}`);
    if (value.indexOf(grant) !== position)
      throw new ValidationError(`Grant type ${position + 1} (${String(grant)}) is listed twice.`, field);
  });
  const grants = value as OidcGrantType[];
  if (clientType === 'public' && grants.includes('client_credentials'))
    throw new ValidationError(
      'Grant types: client_credentials needs a client secret, so only a confidential client may use it.',
      field,
    );
  if (grants.includes('refresh_token') && !grants.includes('authorization_code'))
    throw new ValidationError(
      'Grant types: refresh_token only renews what authorization_code gave; add authorization_code.',
      field,
    );
  // Kept in the vocabulary's order, so that the same choice is always stored (and logged) the same way.
  return OIDC_GRANT_TYPES.filter((grant) => grants.includes(grant));
}

function checkScopes(value: unknown, grants: readonly OidcGrantType[]): string[] {
  const field = 'oidc.scopes';
  if (!Array.isArray(value)) throw new ValidationError('Scopes must be a list.', field);
  if (value.length > MAX_SCOPES) throw new ValidationError(`A client has at most ${MAX_SCOPES} scopes.`, field);
  const scopes = value.map((item: unknown, position) => {
    const label = `Scope ${position + 1}`;
    if (typeof item !== 'string') throw new ValidationError(`${label} must be text.`, field);
    if (!(OIDC_STANDARD_SCOPES as readonly string[]).includes(item) && !CUSTOM_SCOPE_NAME.test(item))
      throw new ValidationError(
        `${label}: a custom scope is a name of a-z, 0-9, ".", "_", ":", "-" starting with a letter, ` +
          'up to 64 characters.',
        field,
      );
    return item;
  });
  scopes.forEach((scope, position) => {
    const earlier = scopes.indexOf(scope);
    if (earlier !== position) throw new ValidationError(`Scope ${position + 1} (${scope}) is listed twice.`, field);
  });
  if (grants.includes('authorization_code') && !scopes.includes('openid'))
    throw new ValidationError('Scopes: signing users in (authorization_code) needs the openid scope.', field);
  if (scopes.includes('offline_access') && !grants.includes('refresh_token'))
    throw new ValidationError('Scopes: offline_access asks for a refresh token; add the refresh_token grant.', field);
  return scopes;
}

function checkLifetime(value: unknown, field: LifetimeField, label: string): number {
  const [least, most] = TOKEN_LIFETIMES[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least || value > most)
    throw new ValidationError(`${label} must be a whole number of seconds from ${least} to ${most}.`, `oidc.${field}`);
  return value;
}

function checkClaims(value: unknown): ClaimMapping[] {
  const field = 'oidc.claims';
  if (!Array.isArray(value)) throw new ValidationError('Claims must be a list.', field);
  if (value.length > MAX_CLAIMS) throw new ValidationError(`A client has at most ${MAX_CLAIMS} mapped claims.`, field);
  const claims = value.map((item: unknown, position): ClaimMapping => {
    const label = `Claim ${position + 1}`;
    const row = asObject(item, field, label);
    refuseUnknownFields(row, CLAIM_FIELDS, 'oidc.claims[].');
    const claim = typeof row.claim === 'string' ? row.claim.trim() : '';
    if (!CLAIM_NAME.test(claim))
      throw new ValidationError(
        `${label}: the claim name is letters, digits, "_", ".", ":", "-", starting with a letter or "_", ` +
          'up to 64 characters.',
        field,
      );
    if ((RESERVED_CLAIMS as readonly string[]).includes(claim))
      throw new ValidationError(`${label}: ${claim} is a claim Gatehouse sets itself; choose another name.`, field);
    const attribute = typeof row.attribute === 'string' ? row.attribute.trim() : '';
    if (!ATTRIBUTE_NAME.test(attribute))
      throw new ValidationError(
        `${label}: the attribute must name a custom attribute (a-z, 0-9, ".", "_", "-"; up to 64 characters).`,
        field,
      );
    return { claim, attribute };
  });
  claims.forEach((mapping, position) => {
    const earlier = claims.findIndex((other) => other.claim === mapping.claim);
    if (earlier !== position)
      throw new ValidationError(
        `Claim ${position + 1} has the name "${mapping.claim}" of claim ${earlier + 1}: names must differ.`,
        field,
      );
  });
  return claims;
}

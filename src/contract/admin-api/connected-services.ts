import { type Static, Type } from 'typebox';
import {
  SERVICE_ALLOW_MODES,
  SERVICE_OTP_MODES,
  SERVICE_STATUSES,
  SERVICE_TYPES,
} from '../../core/sso/connected-service-settings.js';
import { MAX_SECRET_OVERLAP_SECONDS } from '../../core/sso/oidc-client-credentials.js';
import { OIDC_CLIENT_TYPES, OIDC_GRANT_TYPES, TOKEN_LIFETIMES } from '../../core/sso/oidc-client-settings.js';
import { SAML_PRESET_KEYS } from '../../core/sso/saml-presets.js';
import {
  ACS_BINDINGS,
  ATTRIBUTE_NAME_FORMATS,
  ATTRIBUTE_SOURCES,
  NAME_ID_FORMATS,
  NAME_ID_SOURCES,
  SIGNING_TARGETS,
  SLO_BINDINGS,
} from '../../core/sso/saml-vocabulary.js';
import { checkedByTheServer, literals, nullable, Timestamp } from './common.js';

export type {
  ServiceAllowMode,
  ServiceOtpMode,
  ServiceStatus,
  ServiceType,
} from '../../core/sso/connected-service-settings.js';
export type { OidcClientType, OidcGrantType } from '../../core/sso/oidc-client-settings.js';
export type { SamlPresetKey } from '../../core/sso/saml-presets.js';
export type {
  AcsBinding,
  AttributeNameFormat,
  AttributeSource,
  NameIdFormat,
  NameIdSource,
  SigningTarget,
  SloBinding,
} from '../../core/sso/saml-vocabulary.js';

const condition = Type.String({ description: 'An access condition (SPEC §4.1); "" when the mode needs none' });
const pem = Type.String({ description: 'An X.509 certificate (PEM) holding an RSA key; "" when none' });

export const AcsUrl = Type.Object({
  url: Type.String({ description: 'https (http only for localhost and 127.0.0.1)' }),
  binding: literals(ACS_BINDINGS, { description: 'Responses are posted with HTTP-POST only' }),
  index: Type.Integer({ description: 'The AssertionConsumerServiceIndex of SAML requests, 0–65535, unique' }),
  isDefault: Type.Boolean({ description: 'Exactly one ACS URL is the default' }),
});
export type AcsUrl = Static<typeof AcsUrl>;

export const AttributeStatement = Type.Object({
  name: Type.String(),
  nameFormat: literals(ATTRIBUTE_NAME_FORMATS),
  source: literals(ATTRIBUTE_SOURCES, {
    description: 'A user field, a custom attribute, the Access Policy Group (its name) or a constant',
  }),
  value: Type.String({ description: 'The custom attribute for customAttribute, the text for constant, else ""' }),
});
export type AttributeStatement = Static<typeof AttributeStatement>;

/** A SAML service provider's settings (issue 9 item 2). */
export const SamlSettings = Type.Object({
  entityId: Type.String({ description: 'SP Entity ID, unique in the tenant' }),
  acsUrls: Type.Array(AcsUrl, { description: '1–20 ACS URLs' }),
  nameIdFormat: literals(NAME_ID_FORMATS),
  nameIdSource: literals(NAME_ID_SOURCES, {
    description: 'NameID value; transient takes transientId, a new random ID at each sign-in',
  }),
  nameIdAttribute: Type.String({ description: 'The custom attribute for nameIdSource customAttribute, else ""' }),
  signing: literals(SIGNING_TARGETS, { description: 'What is signed with RSA-SHA256' }),
  encryptAssertion: Type.Boolean(),
  encryptionCertificate: pem,
  requireSignedRequests: Type.Boolean({ description: 'Require signed AuthnRequests (needs signingCertificate)' }),
  signingCertificate: pem,
  attributes: Type.Array(AttributeStatement, { description: 'At most 50, names unique' }),
  sloUrl: Type.String({ description: 'Single Logout URL; "" when none' }),
  sloBinding: literals(SLO_BINDINGS),
});
export type SamlSettings = Static<typeof SamlSettings>;

const lifetime = (field: keyof typeof TOKEN_LIFETIMES, what: string) => {
  const [minimum, maximum, fallback] = TOKEN_LIFETIMES[field];
  return Type.Integer({ minimum, maximum, description: `${what}, in seconds (default ${fallback})` });
};

/** An OpenID Connect client's settings (issue 10 item 5). */
export const OidcClientSettings = Type.Object({
  clientType: literals(OIDC_CLIENT_TYPES, {
    description:
      'confidential clients hold a secret; public ones (browser, mobile) use PKCE instead; fixed at creation',
  }),
  redirectUris: Type.Array(Type.String(), {
    description: '1–20, compared exactly; https (http only for localhost, 127.0.0.1, [::1]); no fragment',
  }),
  postLogoutRedirectUris: Type.Array(Type.String(), { description: '0–20, same rules as redirectUris' }),
  grantTypes: Type.Array(literals(OIDC_GRANT_TYPES), {
    description: 'client_credentials for confidential clients only; refresh_token needs authorization_code',
  }),
  scopes: Type.Array(Type.String(), {
    description:
      'openid (required with authorization_code), profile, email, groups, offline_access, or custom names ([a-z][a-z0-9_.:-]*)',
  }),
  accessTokenLifetime: lifetime('accessTokenLifetime', 'Access token lifetime'),
  idTokenLifetime: lifetime('idTokenLifetime', 'ID token lifetime'),
  refreshTokenLifetime: lifetime('refreshTokenLifetime', 'Refresh token lifetime'),
  firstParty: Type.Boolean({ description: 'true: no consent page; false: third-party, users consent' }),
  pairwiseSubject: Type.Boolean({
    description: "true: the client sees its own sub for each user (OIDC Core §8.1); false: the user's ID",
  }),
  claims: Type.Array(
    Type.Object({
      claim: Type.String({ description: 'The claim name; not one Gatehouse sets itself' }),
      attribute: Type.String({ description: 'The custom attribute that gives its value' }),
    }),
    { description: 'At most 50, claim names unique' },
  ),
  initiateLoginUri: Type.String({
    description: 'The portal tile\'s target, where the client starts a sign-in; "" when none',
  }),
});
export type OidcClientSettings = Static<typeof OidcClientSettings>;

/** What an admin edits of any connected service. */
export const ConnectedServiceSettings = Type.Object({
  name: Type.String({ description: 'Service name, 1–256 characters, unique in the tenant (any case)' }),
  status: literals(SERVICE_STATUSES),
  preset: nullable(literals(SAML_PRESET_KEYS, { description: 'The preset it was made from' })),
  allowAccess: literals(SERVICE_ALLOW_MODES, {
    description: "Conditions to Allow Access, on top of the user's group allowing the service",
  }),
  allowCondition: condition,
  requireOtp: literals(SERVICE_OTP_MODES, { description: 'Require OTP: as the group decides, always, or when' }),
  requireOtpCondition: condition,
  saml: nullable(SamlSettings),
  oidc: nullable(OidcClientSettings),
});
export type ConnectedServiceSettings = Static<typeof ConnectedServiceSettings>;

const CertificateSummary = Type.Object({
  subject: Type.String(),
  validTo: Timestamp,
  sha256Fingerprint: Type.String(),
});

export const ConnectedService = Type.Object({
  id: Type.String(),
  type: literals(SERVICE_TYPES),
  ...ConnectedServiceSettings.properties,
  usersAllowed: Type.Integer({ description: 'Users of the groups that allow the service' }),
  allowedByGroups: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() })),
  clientId: nullable(Type.String({ description: "An OpenID Connect client's public client_id" })),
  certificates: Type.Object({ signing: nullable(CertificateSummary), encryption: nullable(CertificateSummary) }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ConnectedService = Static<typeof ConnectedService>;

export const ConnectedServiceList = Type.Object({ items: Type.Array(ConnectedService) });
export type ConnectedServiceList = Static<typeof ConnectedServiceList>;

/** A service just added: an OpenID Connect confidential client's secret is in this answer, and never again. */
export const CreatedConnectedService = Type.Object({
  ...ConnectedService.properties,
  clientSecret: Type.Optional(
    Type.String({ description: "A confidential client's first secret: shown this once, only its hash is kept" }),
  ),
});
export type CreatedConnectedService = Static<typeof CreatedConnectedService>;

export const ConnectedServiceBody = checkedByTheServer('A connected service: `type` (on add) and its settings');
/**
 * Adding a service (`type` and the settings of that type, `saml` or `oidc`, which may leave out what keeps its
 * default) or changing one.
 */
export type ConnectedServiceChanges = Partial<Omit<ConnectedServiceSettings, 'saml' | 'oidc'>> & {
  type?: ConnectedService['type'];
  saml?: Partial<SamlSettings>;
  oidc?: Partial<OidcClientSettings>;
};

export const ClientSecret = Type.Object({
  id: Type.String(),
  createdAt: Timestamp,
  expiresAt: nullable(Timestamp),
  active: Type.Boolean({ description: 'Whether it still works now' }),
});
export type ClientSecret = Static<typeof ClientSecret>;

export const ClientSecretList = Type.Object({
  items: Type.Array(ClientSecret, { description: 'Newest first; values are never shown again, only their ids' }),
});
export type ClientSecretList = Static<typeof ClientSecretList>;

export const RotateClientSecretBody = Type.Object(
  {
    overlapSeconds: Type.Integer({
      minimum: 0,
      maximum: MAX_SECRET_OVERLAP_SECONDS,
      description: 'How long the secrets in use keep working beside the new one (0: they stop now; up to 30 days)',
    }),
  },
  { additionalProperties: false },
);
export type RotateClientSecretBody = Static<typeof RotateClientSecretBody>;

export const RotatedClientSecret = Type.Object({
  secret: ClientSecret,
  clientSecret: Type.String({ description: 'The new secret: shown this once, only its hash is kept' }),
  previousSecretsExpireAt: nullable(Timestamp),
});
export type RotatedClientSecret = Static<typeof RotatedClientSecret>;

export const DeletedService = Type.Object({
  removedFromGroups: Type.Array(Type.String(), { description: 'The groups that allowed the service, by name' }),
});
export type DeletedService = Static<typeof DeletedService>;

export const SamlPreset = Type.Object({
  key: literals(SAML_PRESET_KEYS),
  name: Type.String(),
  placeholders: Type.Array(
    Type.Object({
      key: Type.String({ description: 'Written {key} in the entity ID and URLs' }),
      label: Type.String(),
      example: Type.String(),
    }),
  ),
  saml: SamlSettings,
  help: Type.Array(Type.String(), { description: "What to set on the service's side, step by step" }),
  documentation: Type.String({ description: "The service's own documentation" }),
});
export type SamlPreset = Static<typeof SamlPreset>;

export const SamlPresetList = Type.Object({
  items: Type.Array(SamlPreset),
  blank: Type.Object(
    {
      allowAccess: ConnectedServiceSettings.properties.allowAccess,
      allowCondition: condition,
      requireOtp: ConnectedServiceSettings.properties.requireOtp,
      requireOtpCondition: condition,
      saml: SamlSettings,
      oidc: OidcClientSettings,
    },
    { description: 'A service (saml) or client (oidc) made without a preset starts so' },
  ),
});
export type SamlPresetList = Static<typeof SamlPresetList>;

export const SpMetadataBody = Type.Object(
  { xml: Type.String({ description: 'SAML 2.0 SP metadata, at most 256 KiB; nothing is fetched' }) },
  { additionalProperties: false },
);
export type SpMetadataBody = Static<typeof SpMetadataBody>;

export const ImportedSpMetadata = Type.Object({
  saml: Type.Partial(SamlSettings, { description: 'The settings the metadata gives' }),
  warnings: Type.Array(Type.String(), { description: 'What the metadata had that Gatehouse left out' }),
});
export type ImportedSpMetadata = Static<typeof ImportedSpMetadata>;

export const IdentityProvider = Type.Object({
  entityId: Type.String(),
  metadataUrl: Type.String(),
  certificateUrl: Type.String(),
  ssoUrl: Type.String(),
  sloUrl: Type.String(),
  oidcIssuer: Type.String({ description: 'The OpenID Connect issuer of the tenant' }),
  oidcDiscoveryUrl: Type.String({ description: 'Its discovery document (OpenID Connect Discovery 1.0)' }),
});
export type IdentityProvider = Static<typeof IdentityProvider>;

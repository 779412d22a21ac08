/**
 * The choices of a SAML service provider's settings (SPEC §6, issue 9 item 2), shared by the validation, the
 * admin API contract and the console, and what each stands for in SAML's own terms.
 */

/**
 * How a response reaches the service provider. Only HTTP-POST: the Web Browser SSO profile forbids HTTP-Redirect
 * for responses, and HTTP-Artifact would need a back channel (ArtifactResolve over SOAP) that Gatehouse does not
 * offer. The list keeps a binding per ACS URL so that metadata and the API say it explicitly.
 */
export const ACS_BINDINGS = ['HTTP-POST'] as const;
export type AcsBinding = (typeof ACS_BINDINGS)[number];

/** Where a LogoutRequest or LogoutResponse is sent to the service provider. */
export const SLO_BINDINGS = ['HTTP-Redirect', 'HTTP-POST'] as const;
export type SloBinding = (typeof SLO_BINDINGS)[number];

export const BINDING_URNS: Record<AcsBinding | SloBinding | 'HTTP-Artifact', string> = {
  'HTTP-POST': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  'HTTP-Redirect': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  'HTTP-Artifact': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact',
};

export const NAME_ID_FORMATS = ['emailAddress', 'unspecified', 'persistent', 'transient'] as const;
export type NameIdFormat = (typeof NAME_ID_FORMATS)[number];

export const NAME_ID_FORMAT_URNS: Record<NameIdFormat, string> = {
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
};

/**
 * What the NameID holds: the user's login ID or email, one of their custom attributes, a pairwise persistent ID
 * (opaque, stable, different for every service: core/sso/pairwise-id.ts), or a new random ID at each sign-on (the
 * only value a transient NameID may have).
 */
export const NAME_ID_SOURCES = ['loginId', 'email', 'customAttribute', 'pairwiseId', 'transientId'] as const;
export type NameIdSource = (typeof NAME_ID_SOURCES)[number];

/** The values each NameID format accepts: an email-shaped value for emailAddress, a stable one for persistent. */
export const NAME_ID_SOURCES_BY_FORMAT: Record<NameIdFormat, readonly NameIdSource[]> = {
  emailAddress: ['loginId', 'email', 'customAttribute'],
  unspecified: ['loginId', 'email', 'customAttribute', 'pairwiseId'],
  persistent: ['pairwiseId', 'customAttribute', 'loginId', 'email'],
  transient: ['transientId'],
};

/** Which element carries the IdP's RSA-SHA256 signature. */
export const SIGNING_TARGETS = ['response', 'assertion', 'both'] as const;
export type SigningTarget = (typeof SIGNING_TARGETS)[number];

export const ATTRIBUTE_NAME_FORMATS = ['basic', 'uri', 'unspecified'] as const;
export type AttributeNameFormat = (typeof ATTRIBUTE_NAME_FORMATS)[number];

export const ATTRIBUTE_NAME_FORMAT_URNS: Record<AttributeNameFormat, string> = {
  basic: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
  uri: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  unspecified: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
};

/**
 * Where an attribute's value comes from: a user field, a custom attribute (`value` names it), the display name
 * of the user's Access Policy Group, or a constant (`value` is the text).
 */
export const ATTRIBUTE_SOURCES = [
  'loginId',
  'email',
  'displayName',
  'familyName',
  'givenName',
  'customAttribute',
  'group',
  'constant',
] as const;
export type AttributeSource = (typeof ATTRIBUTE_SOURCES)[number];

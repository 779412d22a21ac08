import { DEFAULT_SAML_SETTINGS, type SamlSettings } from './saml-settings.js';

/**
 * Presets for well-known SAML service providers (issue 9 item 3): the values each documents publicly, with
 * `{placeholders}` where the customer's own part goes, and what to set on the service's side. The facts come from
 * each vendor's public SAML documentation (`documentation`); the words are ours. In the help, "Entity ID",
 * "Single sign-on URL", "Single logout URL", "Download IdP metadata" and "Download certificate" are the labels of
 * the "Gatehouse as identity provider" panel of the service's page.
 */
export const SAML_PRESET_KEYS = [
  'google-workspace',
  'microsoft-365',
  'salesforce',
  'slack',
  'zoom',
  'box',
  'aws-iam-identity-center',
  'github-enterprise-cloud',
] as const;
export type SamlPresetKey = (typeof SAML_PRESET_KEYS)[number];

export interface PresetPlaceholder {
  /** As written in the templates: `{key}`. */
  key: string;
  label: string;
  example: string;
}

export interface SamlPreset {
  key: SamlPresetKey;
  name: string;
  /** What the administrator types: each fills its `{key}` in the entity ID and the URLs. */
  placeholders: PresetPlaceholder[];
  saml: SamlSettings;
  /** What to set on the service's side, step by step. */
  help: string[];
  documentation: string;
}

const post = (url: string) => [{ url, binding: 'HTTP-POST' as const, index: 0, isDefault: true }];
const loginIdAttribute = (name: string, nameFormat: 'basic' | 'uri' | 'unspecified' = 'unspecified') => ({
  name,
  nameFormat,
  source: 'loginId' as const,
  value: '',
});

export const SAML_PRESETS: readonly SamlPreset[] = [
  {
    key: 'google-workspace',
    name: 'Google Workspace',
    placeholders: [{ key: 'domain', label: 'Your primary Google Workspace domain', example: 'example.com' }],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'google.com/a/{domain}',
      acsUrls: post('https://www.google.com/a/{domain}/acs'),
      nameIdFormat: 'emailAddress',
      nameIdSource: 'loginId',
    },
    help: [
      'In the Google Admin console, open Security > Authentication > SSO with third-party IdP and add an SSO profile.',
      'Sign-in page URL: the Single sign-on URL. Sign-out page URL: the Gatehouse portal logout page (/portal/<your domain>/logout).',
      'Verification certificate: upload the file from Download certificate.',
      'Tick "Use a domain-specific issuer" (Google then sends google.com/a/<your domain>, as filled in here); if you leave it unticked, change the SP Entity ID here to google.com.',
      'If the profile shows SP details of its own (an Entity ID and an ACS URL under accounts.google.com/samlrp), copy those two values over the ones filled in here.',
      "The NameID is the user's login ID, which must be their primary Google email address. Then assign the profile to the organizational units or groups that should use Gatehouse.",
    ],
    documentation: 'https://support.google.com/a/answer/6349809',
  },
  {
    key: 'microsoft-365',
    name: 'Microsoft 365 (Entra ID SAML federation)',
    placeholders: [],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'urn:federation:MicrosoftOnline',
      acsUrls: post('https://login.microsoftonline.com/login.srf'),
      nameIdFormat: 'persistent',
      nameIdSource: 'customAttribute',
      nameIdAttribute: 'immutable_id',
      attributes: [loginIdAttribute('IDPEmail')],
    },
    help: [
      'Microsoft Entra ID federates a whole custom domain (never the onmicrosoft.com one) with SAML 2.0, using the Microsoft Graph PowerShell command New-MgDomainFederationConfiguration.',
      'Run it with -DomainId your domain, -IssuerUri the Entity ID, -PassiveSignInUri the Single sign-on URL, -SignOutUri the Single logout URL, -PreferredAuthenticationProtocol saml, and -SigningCertificate the base64 text of Download certificate (without the BEGIN and END lines).',
      "Entra ID matches the NameID with each user's OnPremisesImmutableId: give every Gatehouse user a custom attribute immutable_id holding that value. The IDPEmail attribute carries the login ID, which must equal the user's UserPrincipalName.",
      'Converting a domain to federation can interrupt sign-ins to it for a while: try it on a test domain first.',
    ],
    documentation: 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-fed-saml-idp',
  },
  {
    key: 'salesforce',
    name: 'Salesforce',
    placeholders: [
      { key: 'my-domain', label: 'Your My Domain name', example: 'acme' },
      { key: 'org-id', label: 'Your Salesforce organization ID', example: '00D000000000001' },
    ],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'https://{my-domain}.my.salesforce.com',
      acsUrls: post('https://{my-domain}.my.salesforce.com?so={org-id}'),
      nameIdFormat: 'unspecified',
      nameIdSource: 'loginId',
    },
    help: [
      'In Salesforce Setup, open Single Sign-On Settings, enable SAML, and add a new SAML single sign-on setting.',
      'Issuer: the Entity ID. Identity Provider Certificate: the file from Download certificate. Identity Provider Login URL: the Single sign-on URL; Identity Provider Logout URL: the Single logout URL.',
      'Entity ID: https://<your My Domain>.my.salesforce.com, as filled in here. SAML Identity Type: "Assertion contains the User\'s Salesforce username" (Gatehouse login IDs must then equal the Salesforce usernames), or the Federation ID if you set one per user. SAML Identity Location: "Identity is in the NameIdentifier element of the Subject statement".',
      'Request Signature Method: RSA-SHA256. After saving, Salesforce shows its Login URL: if it differs from the ACS URL filled in here, copy it over, or import the file from Download Metadata with Import SP metadata.',
    ],
    documentation: 'https://help.salesforce.com/s/articleView?id=xcloud.sso_service_provider_configuration.htm&type=5',
  },
  {
    key: 'slack',
    name: 'Slack',
    placeholders: [{ key: 'workspace', label: 'Your Slack workspace subdomain', example: 'acme' }],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'https://slack.com',
      acsUrls: post('https://{workspace}.slack.com/sso/saml'),
      nameIdFormat: 'persistent',
      nameIdSource: 'pairwiseId',
      signing: 'both',
      attributes: [
        loginIdAttribute('User.Email'),
        { name: 'first_name', nameFormat: 'unspecified', source: 'givenName', value: '' },
        { name: 'last_name', nameFormat: 'unspecified', source: 'familyName', value: '' },
      ],
    },
    help: [
      'In Slack, a Workspace Owner opens the workspace settings, Authentication, and configures SAML authentication.',
      'SAML 2.0 Endpoint (HTTP): the Single sign-on URL. Identity Provider Issuer: the Entity ID. Public (X.509) Certificate: the text of Download certificate.',
      'Slack requires a signed response: under the advanced options tick both Responses Signed and Assertions Signed, which this preset sends.',
      "The NameID is a pairwise persistent ID that never changes for the user; User.Email carries the login ID, which must be the user's Slack email address.",
    ],
    documentation: 'https://slack.com/help/articles/205168057-Custom-SAML-single-sign-on',
  },
  {
    key: 'zoom',
    name: 'Zoom',
    placeholders: [{ key: 'vanity', label: 'Your Zoom vanity URL name', example: 'acme' }],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: '{vanity}.zoom.us',
      acsUrls: post('https://{vanity}.zoom.us/saml/SSO'),
      nameIdFormat: 'emailAddress',
      nameIdSource: 'loginId',
      attributes: [
        loginIdAttribute('urn:oid:0.9.2342.19200300.100.1.3', 'uri'),
        { name: 'urn:oid:2.5.4.42', nameFormat: 'uri', source: 'givenName', value: '' },
        { name: 'urn:oid:2.5.4.4', nameFormat: 'uri', source: 'familyName', value: '' },
      ],
      sloUrl: 'https://{vanity}.zoom.us/saml/SingleLogout',
      sloBinding: 'HTTP-Redirect',
    },
    help: [
      'Zoom needs an approved vanity URL (<name>.zoom.us) before single sign-on can be set up.',
      'In the Zoom web portal, open Advanced > Single Sign-On. Sign-in page URL: the Single sign-on URL. Sign-out page URL: the Single logout URL. Identity provider certificate: the text of Download certificate without the BEGIN and END lines.',
      'Service Provider (SP) Entity ID: choose the form without https (<name>.zoom.us), as filled in here. Issuer (IDP Entity ID): the Entity ID. Binding: HTTP-POST. Signature Hash Algorithm: SHA-256.',
      "The NameID is the login ID, which Zoom uses as the user's email; the attributes send email, first and last name under their standard OIDs. Zoom also publishes its SP metadata at https://<name>.zoom.us/saml/metadata/sp for Import SP metadata.",
    ],
    documentation: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0065487',
  },
  {
    key: 'box',
    name: 'Box',
    placeholders: [],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'box.net',
      acsUrls: post('https://sso.services.box.net/sp/ACS.saml2'),
      nameIdFormat: 'emailAddress',
      nameIdSource: 'loginId',
      attributes: [loginIdAttribute('email', 'basic')],
    },
    help: [
      'Single sign-on is available on Box Business and Enterprise accounts. Box sets it up from your identity provider metadata: give it the file from Download IdP metadata (through the SSO setup form of Box support, or Enterprise Settings > User Settings in the Admin Console where your plan offers it).',
      "When asked for the SAML attribute that holds the user's email, answer email.",
      'The NameID and the email attribute carry the login ID, which must be the email address of a user in your Box account. Use SSO test mode in Enterprise Settings > User Settings before making single sign-on required.',
    ],
    documentation: 'https://support.box.com/hc/en-us/articles/360043696514',
  },
  {
    key: 'aws-iam-identity-center',
    name: 'AWS IAM Identity Center',
    placeholders: [
      { key: 'region', label: 'The AWS Region of your Identity Center', example: 'us-east-1' },
      {
        key: 'directory-id',
        label: 'Your Identity Center issuer ID (the last part of its issuer URL)',
        example: 'd-1234567890',
      },
      { key: 'acs-id', label: 'The last part of its ACS URL', example: '00000000-0000-4000-8000-000000000000' },
    ],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'https://{region}.signin.aws.amazon.com/platform/saml/{directory-id}',
      acsUrls: post('https://{region}.signin.aws.amazon.com/platform/saml/acs/{acs-id}'),
      nameIdFormat: 'emailAddress',
      nameIdSource: 'loginId',
    },
    help: [
      'In the IAM Identity Center console, open Settings > Identity source > Change identity source and choose External identity provider.',
      'Under Service provider metadata, download the metadata file and import it here with Import SP metadata: it holds the exact issuer and ACS URLs (the placeholders above only show their shape).',
      'Under Identity provider metadata, upload the file from Download IdP metadata (or type the Single sign-on URL, the Entity ID as issuer URL, and upload Download certificate).',
      'Identity Center matches the NameID with the username of a user it already knows: Gatehouse login IDs must equal the Identity Center usernames (provision users there first, automatically or by hand).',
      'Changing the identity source removes the user assignments made before: plan to assign them again.',
    ],
    documentation: 'https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-idp.html',
  },
  {
    key: 'github-enterprise-cloud',
    name: 'GitHub Enterprise Cloud',
    placeholders: [{ key: 'enterprise', label: 'Your enterprise account slug', example: 'acme' }],
    saml: {
      ...DEFAULT_SAML_SETTINGS,
      entityId: 'https://github.com/enterprises/{enterprise}',
      acsUrls: post('https://github.com/enterprises/{enterprise}/saml/consume'),
      nameIdFormat: 'persistent',
      nameIdSource: 'loginId',
      signing: 'response',
      attributes: [
        { name: 'full_name', nameFormat: 'unspecified', source: 'displayName', value: '' },
        loginIdAttribute('emails'),
      ],
    },
    help: [
      'In your enterprise on GitHub, open Settings > Authentication security and tick Require SAML authentication. (For a single organization use https://github.com/orgs/<organization> and .../saml/consume instead.)',
      'Sign on URL: the Single sign-on URL. Issuer: the Entity ID. Public certificate: the text of Download certificate. Signature method: RSA-SHA256; digest method: SHA256.',
      'GitHub wants a persistent, human-readable NameID, which this preset sends as the login ID, and a signed response. Test the configuration before saving it, so that nobody is locked out.',
    ],
    documentation:
      'https://docs.github.com/enterprise-cloud@latest/admin/managing-iam/iam-configuration-reference/saml-configuration-reference',
  },
];

export function findSamlPreset(key: string): SamlPreset | undefined {
  return SAML_PRESETS.find((preset) => preset.key === key);
}

import { ATTRIBUTE_NAME } from '../user-fields.js';
import { ValidationError } from '../validation-error.js';
import { normalizeCertificate } from './certificate.js';
import {
  asObject,
  checkBoolean,
  checkEntityId,
  checkServiceUrl,
  checkText,
  oneOf,
  refuseUnknownFields,
} from './saml-field-checks.js';
import {
  ACS_BINDINGS,
  type AcsBinding,
  ATTRIBUTE_NAME_FORMATS,
  ATTRIBUTE_SOURCES,
  type AttributeNameFormat,
  type AttributeSource,
  NAME_ID_FORMATS,
  NAME_ID_SOURCES,
  NAME_ID_SOURCES_BY_FORMAT,
  type NameIdFormat,
  type NameIdSource,
  SIGNING_TARGETS,
  type SigningTarget,
  SLO_BINDINGS,
  type SloBinding,
} from './saml-vocabulary.js';

export const MAX_ACS_URLS = 20;
export const MAX_ATTRIBUTES = 50;
export const MAX_ATTRIBUTE_NAME_LENGTH = 256;
export const MAX_CONSTANT_LENGTH = 1024;
/** An ACS index is an xs:unsignedShort in SAML metadata. */
export const MAX_ACS_INDEX = 65_535;

export interface AcsUrl {
  url: string;
  binding: AcsBinding;
  index: number;
  isDefault: boolean;
}

export interface AttributeStatement {
  name: string;
  nameFormat: AttributeNameFormat;
  source: AttributeSource;
  /** The custom attribute's name for `customAttribute`, the text for `constant`; '' otherwise. */
  value: string;
}

/** A SAML service provider's settings (issue 9 item 2); the labels in comments are the console's. */
export interface SamlSettings {
  /** SP Entity ID: unique per tenant; the Audience of every assertion. */
  entityId: string;
  /** ACS URLs: where responses are posted; exactly one is the default. */
  acsUrls: AcsUrl[];
  nameIdFormat: NameIdFormat;
  nameIdSource: NameIdSource;
  /** The custom attribute for `nameIdSource: customAttribute`; '' otherwise. */
  nameIdAttribute: string;
  /** Sign: the Response, the Assertion or both, with RSA-SHA256. */
  signing: SigningTarget;
  /** Encrypt assertions with the SP's encryption certificate. */
  encryptAssertion: boolean;
  encryptionCertificate: string;
  /** Require signed AuthnRequests, verified with the SP's signing certificate. */
  requireSignedRequests: boolean;
  signingCertificate: string;
  attributes: AttributeStatement[];
  /** Single Logout URL ('' when the service has none) and its binding. */
  sloUrl: string;
  sloBinding: SloBinding;
}

export const SAML_SETTINGS_FIELDS = [
  'entityId',
  'acsUrls',
  'nameIdFormat',
  'nameIdSource',
  'nameIdAttribute',
  'signing',
  'encryptAssertion',
  'encryptionCertificate',
  'requireSignedRequests',
  'signingCertificate',
  'attributes',
  'sloUrl',
  'sloBinding',
] as const satisfies readonly (keyof SamlSettings)[];

/** A blank service: the values most service providers accept, so an admin fills in only what is theirs. */
export const DEFAULT_SAML_SETTINGS: SamlSettings = {
  entityId: '',
  acsUrls: [],
  nameIdFormat: 'emailAddress',
  nameIdSource: 'loginId',
  nameIdAttribute: '',
  signing: 'both',
  encryptAssertion: false,
  encryptionCertificate: '',
  requireSignedRequests: false,
  signingCertificate: '',
  attributes: [],
  sloUrl: '',
  sloBinding: 'HTTP-Redirect',
};

const ACS_FIELDS = ['url', 'binding', 'index', 'isDefault'] as const;
const ATTRIBUTE_FIELDS = ['name', 'nameFormat', 'source', 'value'] as const;

/**
 * `base` completed by `input` (a whole or partial `saml` object of an API body), checked as a whole: every error
 * names its field (`saml.<field>`), and the list rows by their number ("ACS URL 2: ...").
 */
export function validateSamlSettings(input: unknown, base: SamlSettings): SamlSettings {
  const given = asObject(input, 'saml', 'SAML settings');
  refuseUnknownFields(given, SAML_SETTINGS_FIELDS, 'saml.');
  const merged = { ...base, ...given } as Record<string, unknown>;
  const entityId = checkEntityId(merged.entityId, 'saml.entityId', 'SP Entity ID');
  const acsUrls = checkAcsUrls(merged.acsUrls);
  const nameIdFormat = oneOf(merged.nameIdFormat, NAME_ID_FORMATS, 'saml.nameIdFormat', 'NameID format');
  const nameIdSource = oneOf(merged.nameIdSource, NAME_ID_SOURCES, 'saml.nameIdSource', 'NameID value');
  if (!NAME_ID_SOURCES_BY_FORMAT[nameIdFormat].includes(nameIdSource))
    throw new ValidationError(
      nameIdFormat === 'transient'
        ? 'NameID value: a transient NameID is a new random ID at each sign-in (transientId).'
        : `NameID value: ${nameIdSource} cannot be sent as a NameID of format ${nameIdFormat}; ` +
            `choose one of ${NAME_ID_SOURCES_BY_FORMAT[nameIdFormat].join(', ')}.`,
      'saml.nameIdSource',
    );
  const nameIdAttribute =
    nameIdSource === 'customAttribute'
      ? checkAttributeName(merged.nameIdAttribute, 'saml.nameIdAttribute', 'NameID custom attribute')
      : '';
  const signing = oneOf(merged.signing, SIGNING_TARGETS, 'saml.signing', 'Sign');
  const encryptAssertion = checkBoolean(merged.encryptAssertion, 'saml.encryptAssertion', 'Encrypt assertions');
  const encryptionCertificate = normalizeCertificate(
    merged.encryptionCertificate,
    'saml.encryptionCertificate',
    'Encryption certificate',
  );
  if (encryptAssertion && encryptionCertificate === '')
    throw new ValidationError(
      "Encryption certificate: encrypting assertions needs the service provider's encryption certificate.",
      'saml.encryptionCertificate',
    );
  const requireSignedRequests = checkBoolean(
    merged.requireSignedRequests,
    'saml.requireSignedRequests',
    'Require signed AuthnRequests',
  );
  const signingCertificate = normalizeCertificate(
    merged.signingCertificate,
    'saml.signingCertificate',
    'Signing certificate',
  );
  if (requireSignedRequests && signingCertificate === '')
    throw new ValidationError(
      "Signing certificate: requiring signed AuthnRequests needs the service provider's signing certificate.",
      'saml.signingCertificate',
    );
  const attributes = checkAttributes(merged.attributes);
  const sloBinding = oneOf(merged.sloBinding, SLO_BINDINGS, 'saml.sloBinding', 'Single Logout binding');
  const sloText = typeof merged.sloUrl === 'string' ? merged.sloUrl.trim() : merged.sloUrl;
  const sloUrl = sloText === '' ? '' : checkServiceUrl(sloText, 'saml.sloUrl', 'Single Logout URL');
  return {
    entityId,
    acsUrls,
    nameIdFormat,
    nameIdSource,
    nameIdAttribute,
    signing,
    encryptAssertion,
    encryptionCertificate,
    requireSignedRequests,
    signingCertificate,
    attributes,
    sloUrl,
    sloBinding,
  };
}

function checkAttributeName(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string' || !ATTRIBUTE_NAME.test(value.trim()))
    throw new ValidationError(
      `${label} must name a custom attribute (a-z, 0-9, ".", "_", "-"; up to 64 characters).`,
      field,
    );
  return value.trim();
}

function checkAcsUrls(value: unknown): AcsUrl[] {
  const field = 'saml.acsUrls';
  if (!Array.isArray(value)) throw new ValidationError('ACS URLs must be a list.', field);
  if (value.length === 0) throw new ValidationError('Add at least one ACS URL.', field);
  if (value.length > MAX_ACS_URLS) throw new ValidationError(`A service has at most ${MAX_ACS_URLS} ACS URLs.`, field);
  const urls = value.map((item: unknown, position): AcsUrl => {
    const label = `ACS URL ${position + 1}`;
    const row = asObject(item, field, label);
    refuseUnknownFields(row, ACS_FIELDS, 'saml.acsUrls[].');
    const url = checkServiceUrl(row.url, field, label);
    const binding = row.binding ?? 'HTTP-POST';
    if (!(ACS_BINDINGS as readonly unknown[]).includes(binding))
      throw new ValidationError(
        `${label}: Gatehouse posts responses with the HTTP-POST binding only (not ${String(binding)}).`,
        field,
      );
    const index = row.index ?? position;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > MAX_ACS_INDEX)
      throw new ValidationError(`${label}: the index must be a whole number from 0 to ${MAX_ACS_INDEX}.`, field);
    const isDefault = checkBoolean(row.isDefault ?? false, field, `${label}: Default`);
    return { url, binding: binding as AcsBinding, index, isDefault };
  });
  urls.forEach((acs, position) => {
    const earlier = urls.findIndex((other) => other.url === acs.url);
    if (earlier !== position)
      throw new ValidationError(`ACS URL ${position + 1} is the same as ACS URL ${earlier + 1}.`, field);
    const sameIndex = urls.findIndex((other) => other.index === acs.index);
    if (sameIndex !== position)
      throw new ValidationError(
        `ACS URL ${position + 1} has the index ${acs.index} of ACS URL ${sameIndex + 1}: indexes must differ.`,
        field,
      );
  });
  const defaults = urls.filter((acs) => acs.isDefault).length;
  // One URL is the default by itself; among several, the admin says which.
  if (urls.length === 1) return [{ ...(urls[0] as AcsUrl), isDefault: true }];
  if (defaults !== 1)
    throw new ValidationError(
      defaults === 0
        ? 'Mark one ACS URL as the default.'
        : `Only one ACS URL can be the default (${defaults} are marked).`,
      field,
    );
  return urls;
}

function checkAttributes(value: unknown): AttributeStatement[] {
  const field = 'saml.attributes';
  if (!Array.isArray(value)) throw new ValidationError('Attributes must be a list.', field);
  if (value.length > MAX_ATTRIBUTES)
    throw new ValidationError(`A service sends at most ${MAX_ATTRIBUTES} attributes.`, field);
  const statements = value.map((item: unknown, position): AttributeStatement => {
    const label = `Attribute ${position + 1}`;
    const row = asObject(item, field, label);
    refuseUnknownFields(row, ATTRIBUTE_FIELDS, 'saml.attributes[].');
    const name = checkText(row.name, field, `${label}: the name`, MAX_ATTRIBUTE_NAME_LENGTH);
    if (name === '') throw new ValidationError(`${label}: the name is required.`, field);
    const nameFormat = oneOf(
      row.nameFormat ?? 'unspecified',
      ATTRIBUTE_NAME_FORMATS,
      field,
      `${label}: the name format`,
    );
    if (nameFormat !== 'unspecified' && /\s/.test(name))
      throw new ValidationError(`${label}: a name of format ${nameFormat} must not contain spaces.`, field);
    if (nameFormat === 'uri' && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(name))
      throw new ValidationError(
        `${label}: a name of format uri must be a URI, such as urn:oid:0.9.2342.19200300.100.1.3.`,
        field,
      );
    const source = oneOf(row.source, ATTRIBUTE_SOURCES, field, `${label}: the value`);
    let text = '';
    if (source === 'customAttribute') text = checkAttributeName(row.value, field, `${label}: the custom attribute`);
    if (source === 'constant') {
      text = checkText(row.value ?? '', field, `${label}: the constant`, MAX_CONSTANT_LENGTH);
      if (text === '') throw new ValidationError(`${label}: the constant value is required.`, field);
    }
    return { name, nameFormat, source, value: text };
  });
  statements.forEach((statement, position) => {
    const earlier = statements.findIndex((other) => other.name === statement.name);
    if (earlier !== position)
      throw new ValidationError(
        `Attribute ${position + 1} has the name "${statement.name}" of attribute ${earlier + 1}: names must differ.`,
        field,
      );
  });
  return statements;
}

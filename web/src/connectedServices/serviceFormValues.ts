import type {
  AcsBinding,
  AttributeNameFormat,
  AttributeSource,
  ConnectedServiceChanges,
  ConnectedServiceSettings,
  SamlPresetKey,
  SamlSettings,
} from '@contract/admin-api';

/** An ACS URL row of the form; its index is edited as text so a half-typed number is not coerced. */
export interface AcsRow {
  key: number;
  url: string;
  binding: AcsBinding;
  index: string;
  isDefault: boolean;
}

export interface AttributeRow {
  key: number;
  name: string;
  nameFormat: AttributeNameFormat;
  source: AttributeSource;
  value: string;
}

/** The service form's values: the settings, with its lists as rows that React can key. */
export type ServiceFormValues = Omit<ConnectedServiceSettings, 'status' | 'preset' | 'saml' | 'oidc'> &
  Omit<SamlSettings, 'acsUrls' | 'attributes'> & { acsUrls: AcsRow[]; attributes: AttributeRow[] };

/** Fields the server may name in an error, each shown under its input. */
export const serviceFormFields = [
  'name',
  'allowAccess',
  'allowCondition',
  'requireOtp',
  'requireOtpCondition',
  'saml.entityId',
  'saml.acsUrls',
  'saml.nameIdFormat',
  'saml.nameIdSource',
  'saml.nameIdAttribute',
  'saml.signing',
  'saml.encryptAssertion',
  'saml.encryptionCertificate',
  'saml.requireSignedRequests',
  'saml.signingCertificate',
  'saml.attributes',
  'saml.sloUrl',
  'saml.sloBinding',
] as const;
export type ServiceFormField = (typeof serviceFormFields)[number];

let lastKey = 0;
const nextKey = () => ++lastKey;

export function acsRowsOf(acsUrls: SamlSettings['acsUrls']): AcsRow[] {
  return acsUrls.map((acs) => ({ key: nextKey(), ...acs, index: String(acs.index) }));
}

export function attributeRowsOf(attributes: SamlSettings['attributes']): AttributeRow[] {
  return attributes.map((attribute) => ({ key: nextKey(), ...attribute }));
}

export function newAcsRow(rows: AcsRow[]): AcsRow {
  const index = rows.reduce((highest, row) => Math.max(highest, Number(row.index) || 0), -1) + 1;
  return { key: nextKey(), url: '', binding: 'HTTP-POST', index: String(index), isDefault: rows.length === 0 };
}

export function newAttributeRow(): AttributeRow {
  return { key: nextKey(), name: '', nameFormat: 'unspecified', source: 'loginId', value: '' };
}

/** The form filled with a service's (or a preset's) settings. */
export function serviceFormValuesOf(
  settings: Omit<ConnectedServiceSettings, 'status' | 'preset' | 'saml' | 'oidc'> & { saml: SamlSettings },
): ServiceFormValues {
  const { saml, name, allowAccess, allowCondition, requireOtp, requireOtpCondition } = settings;
  return {
    name,
    allowAccess,
    allowCondition,
    requireOtp,
    requireOtpCondition,
    ...saml,
    acsUrls: acsRowsOf(saml.acsUrls),
    attributes: attributeRowsOf(saml.attributes),
  };
}

/** The values with what imported SP metadata gave laid over them. */
export function withImportedSaml(values: ServiceFormValues, saml: Partial<SamlSettings>): ServiceFormValues {
  const { acsUrls, attributes, ...rest } = saml;
  return {
    ...values,
    ...rest,
    ...(acsUrls ? { acsUrls: acsRowsOf(acsUrls) } : {}),
    ...(attributes ? { attributes: attributeRowsOf(attributes) } : {}),
  };
}

/** What the API takes: a condition only where its mode uses one, the rows without their keys. */
export function serviceChangesOf(values: ServiceFormValues, preset?: SamlPresetKey | null): ConnectedServiceChanges {
  const text = (value: string) => value.trim();
  return {
    name: text(values.name),
    ...(preset === undefined ? {} : { preset }),
    allowAccess: values.allowAccess,
    allowCondition: values.allowAccess === 'conditions' ? text(values.allowCondition) : '',
    requireOtp: values.requireOtp,
    requireOtpCondition: values.requireOtp === 'conditions' ? text(values.requireOtpCondition) : '',
    saml: {
      entityId: text(values.entityId),
      acsUrls: values.acsUrls.map(({ url, binding, index, isDefault }) => ({
        url: text(url),
        binding,
        index: index.trim() === '' ? Number.NaN : Number(index),
        isDefault,
      })),
      nameIdFormat: values.nameIdFormat,
      nameIdSource: values.nameIdSource,
      nameIdAttribute: values.nameIdSource === 'customAttribute' ? text(values.nameIdAttribute) : '',
      signing: values.signing,
      encryptAssertion: values.encryptAssertion,
      encryptionCertificate: text(values.encryptionCertificate),
      requireSignedRequests: values.requireSignedRequests,
      signingCertificate: text(values.signingCertificate),
      attributes: values.attributes.map(({ name, nameFormat, source, value }) => ({
        name: text(name),
        nameFormat,
        source,
        value: source === 'customAttribute' || source === 'constant' ? value : '',
      })),
      sloUrl: text(values.sloUrl),
      sloBinding: values.sloBinding,
    },
  };
}

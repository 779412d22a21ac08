import { type CertificateSummary, summarizeCertificate } from '../../core/sso/certificate.js';
import type {
  ConnectedServiceSettings,
  SamlServiceSettings,
  ServiceAllowMode,
  ServiceOtpMode,
  ServiceStatus,
  ServiceType,
} from '../../core/sso/connected-service-settings.js';
import { DEFAULT_OIDC_CLIENT_SETTINGS, type OidcClientSettings } from '../../core/sso/oidc-client-settings.js';
import type { SamlPresetKey } from '../../core/sso/saml-presets.js';
import type { SamlSettings } from '../../core/sso/saml-settings.js';
import type { ConnectedServiceRow } from '../../store/schema.js';

/** A service as the admin API shows it: its settings, and who may use it. */
export interface ConnectedServiceView extends ConnectedServiceSettings {
  id: string;
  type: ServiceType;
  /** Users of the groups that allow the service (SPEC §6: "users allowed"). */
  usersAllowed: number;
  /** The groups whose "Allowed services" include it. */
  allowedByGroups: { id: string; displayName: string }[];
  /** An OpenID Connect client's public client_id; null for other types. */
  clientId: string | null;
  /** What the console shows of the SP's certificates. */
  certificates: { signing: CertificateSummary | null; encryption: CertificateSummary | null };
  createdAt: string;
  updatedAt: string;
}

/**
 * The row's columns for `settings`; the entity ID has its column, the rest of the SAML settings is one document, and
 * an OpenID Connect client's settings another (its client_id is set once, at creation).
 */
export function serviceColumnsOf(
  settings: ConnectedServiceSettings,
): Omit<
  ConnectedServiceRow,
  'id' | 'tenant_id' | 'type' | 'subject_salt' | 'created_at' | 'updated_at' | 'oidc_client_id'
> {
  const { entityId = null, ...saml } = settings.saml ?? {};
  return {
    name: settings.name,
    name_lower: settings.name.toLowerCase(),
    status: settings.status,
    preset: settings.preset,
    allow_mode: settings.allowAccess,
    allow_condition: settings.allowCondition,
    otp_mode: settings.requireOtp,
    otp_condition: settings.requireOtpCondition,
    saml_entity_id: entityId,
    saml_settings: settings.saml ? JSON.stringify(saml) : null,
    oidc_settings: settings.oidc ? JSON.stringify(settings.oidc) : null,
  };
}

export function serviceSettingsOf(row: ConnectedServiceRow): ConnectedServiceSettings {
  const saml = row.saml_settings === null ? null : (JSON.parse(row.saml_settings) as Omit<SamlSettings, 'entityId'>);
  return {
    name: row.name,
    status: row.status as ServiceStatus,
    preset: row.preset as SamlPresetKey | null,
    allowAccess: row.allow_mode as ServiceAllowMode,
    allowCondition: row.allow_condition,
    requireOtp: row.otp_mode as ServiceOtpMode,
    requireOtpCondition: row.otp_condition,
    saml: saml && { entityId: row.saml_entity_id ?? '', ...saml },
    oidc: oidcClientSettingsOf(row),
  };
}

/** A SAML service provider's settings, for sign-on and logout, which only ever find SAML services. */
export function samlServiceSettingsOf(row: ConnectedServiceRow): SamlServiceSettings {
  const settings = serviceSettingsOf(row);
  if (!settings.saml) throw new Error(`Connected service ${row.id} is not a SAML service provider.`);
  return settings as SamlServiceSettings;
}

export function serviceViewOf(
  row: ConnectedServiceRow,
  allowedByGroups: { id: string; displayName: string }[],
  usersAllowed: number,
): ConnectedServiceView {
  const settings = serviceSettingsOf(row);
  const summary = (pem: string) => (pem ? summarizeCertificate(pem) : null);
  return {
    id: row.id,
    type: row.type as ServiceType,
    ...settings,
    usersAllowed,
    allowedByGroups,
    clientId: row.oidc_client_id,
    certificates: {
      signing: summary(settings.saml?.signingCertificate ?? ''),
      encryption: summary(settings.saml?.encryptionCertificate ?? ''),
    },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * The settings as the Admin Operation Logs record them: the SAML or OIDC settings flattened (`saml.acsUrls`...), so that a
 * before/after diff names the one setting that changed, and a certificate named by its subject and fingerprint
 * rather than copied whole.
 */
export function auditValuesOf(settings: ConnectedServiceSettings): Record<string, unknown> {
  const certificate = (pem: string) => {
    if (!pem) return '';
    const { subject, sha256Fingerprint } = summarizeCertificate(pem);
    return `${subject} (SHA-256 ${sha256Fingerprint})`;
  };
  const { saml, oidc, ...common } = settings;
  const flat: Record<string, unknown> = { ...common };
  if (saml) {
    for (const [key, value] of Object.entries(saml)) flat[`saml.${key}`] = value;
    flat['saml.signingCertificate'] = certificate(saml.signingCertificate);
    flat['saml.encryptionCertificate'] = certificate(saml.encryptionCertificate);
  }
  // An OpenID Connect client's settings hold no secret (secrets are rows of their own, logged by id only).
  if (oidc) for (const [key, value] of Object.entries(oidc)) flat[`oidc.${key}`] = value;
  return flat;
}

/** An OpenID Connect client's stored settings; a setting added since they were saved takes its default. */
export function oidcClientSettingsOf(row: ConnectedServiceRow): OidcClientSettings | null {
  if (row.oidc_settings === null) return null;
  return { ...DEFAULT_OIDC_CLIENT_SETTINGS, ...(JSON.parse(row.oidc_settings) as Partial<OidcClientSettings>) };
}

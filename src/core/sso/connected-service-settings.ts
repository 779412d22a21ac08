import { checkConditionSyntax } from '../policy/group-settings.js';
import { ValidationError } from '../validation-error.js';
import {
  DEFAULT_OIDC_CLIENT_SETTINGS,
  type OidcClientSettings,
  validateOidcClientSettings,
} from './oidc-client-settings.js';
import { checkText, oneOf } from './saml-field-checks.js';
import { SAML_PRESET_KEYS, type SamlPresetKey } from './saml-presets.js';
import { DEFAULT_SAML_SETTINGS, type SamlSettings, validateSamlSettings } from './saml-settings.js';

/** SAML 2.0 service providers and OpenID Connect clients (issue 10). */
export const SERVICE_TYPES = ['saml', 'oidc'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SERVICE_STATUSES = ['enabled', 'disabled'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/**
 * A service's own condition to allow access, on top of its users' group: `always` adds none (the group allowing the
 * service decides), `conditions` also requires `allowCondition` to hold.
 */
export const SERVICE_ALLOW_MODES = ['always', 'conditions'] as const;
export type ServiceAllowMode = (typeof SERVICE_ALLOW_MODES)[number];

/**
 * When signing in to the service asks for OTP: as the user's group decides (`group`), always, or also when
 * `requireOtpCondition` holds. It only ever adds to the group's answer; a session opened without OTP is stepped up.
 */
export const SERVICE_OTP_MODES = ['group', 'always', 'conditions'] as const;
export type ServiceOtpMode = (typeof SERVICE_OTP_MODES)[number];

export const MAX_SERVICE_NAME_LENGTH = 256;

/** A Connected Service as an admin edits it (SPEC §6): what every type has, and the settings of its type. */
export interface ConnectedServiceSettings {
  name: string;
  status: ServiceStatus;
  /** The preset the service was made from, or null for a blank one. */
  preset: SamlPresetKey | null;
  allowAccess: ServiceAllowMode;
  allowCondition: string;
  requireOtp: ServiceOtpMode;
  requireOtpCondition: string;
  /** A SAML service provider's settings; null for other types. */
  saml: SamlSettings | null;
  /** An OpenID Connect client's settings; null for other types. */
  oidc: OidcClientSettings | null;
}

/** A SAML service provider's settings, as sign-on reads them. */
export type SamlServiceSettings = ConnectedServiceSettings & { saml: SamlSettings };

export const CONNECTED_SERVICE_FIELDS = [
  'name',
  'status',
  'preset',
  'allowAccess',
  'allowCondition',
  'requireOtp',
  'requireOtpCondition',
  'saml',
  'oidc',
] as const satisfies readonly (keyof ConnectedServiceSettings)[];

export const NEW_SAML_SERVICE: ConnectedServiceSettings = {
  name: '',
  status: 'enabled',
  preset: null,
  allowAccess: 'always',
  allowCondition: '',
  requireOtp: 'group',
  requireOtpCondition: '',
  saml: DEFAULT_SAML_SETTINGS,
  oidc: null,
};

export const NEW_OIDC_CLIENT: ConnectedServiceSettings = {
  ...NEW_SAML_SERVICE,
  saml: null,
  oidc: DEFAULT_OIDC_CLIENT_SETTINGS,
};

/** What a new service of `type` starts from. */
export function newServiceOf(type: ServiceType): ConnectedServiceSettings {
  return type === 'oidc' ? NEW_OIDC_CLIENT : NEW_SAML_SERVICE;
}

/**
 * `base` completed by `input` (an API body without its `type`), checked as a whole, so that nothing half-checked
 * is ever stored. A condition is kept only where its mode uses one.
 */
export function validateConnectedServiceSettings(
  input: Record<string, unknown>,
  base: ConnectedServiceSettings,
): ConnectedServiceSettings {
  for (const key of Object.keys(input))
    if (!(CONNECTED_SERVICE_FIELDS as readonly string[]).includes(key))
      throw new ValidationError(`Field "${key}" is not a known field.`, key);
  const merged = { ...base, ...input } as Record<string, unknown>;
  const name = checkText(merged.name, 'name', 'Service name', MAX_SERVICE_NAME_LENGTH);
  if (name === '') throw new ValidationError('Service name is required.', 'name');
  const status = oneOf(merged.status, SERVICE_STATUSES, 'status', 'Status');
  const preset = merged.preset ?? null;
  // A service's type is fixed at creation: `base` says which settings it has, and the other type's are refused.
  const foreign = base.saml ? 'oidc' : 'saml';
  if (merged[foreign] !== undefined && merged[foreign] !== null)
    throw new ValidationError(
      `${base.saml ? 'A SAML service' : 'An OpenID Connect client'} has no ${foreign} settings.`,
      foreign,
    );
  if (preset !== null && !base.saml)
    throw new ValidationError('Presets are SAML service providers; an OpenID Connect client has none.', 'preset');
  if (preset !== null && !(SAML_PRESET_KEYS as readonly unknown[]).includes(preset))
    throw new ValidationError(`Preset must be one of ${SAML_PRESET_KEYS.join(', ')}, or null.`, 'preset');
  const allowAccess = oneOf(merged.allowAccess, SERVICE_ALLOW_MODES, 'allowAccess', 'Conditions to Allow Access');
  const requireOtp = oneOf(merged.requireOtp, SERVICE_OTP_MODES, 'requireOtp', 'Require OTP');
  const allowCondition =
    allowAccess === 'conditions'
      ? checkConditionSyntax(merged.allowCondition ?? '', 'allowCondition', 'Conditions to Allow Access')
      : '';
  const requireOtpCondition =
    requireOtp === 'conditions'
      ? checkConditionSyntax(merged.requireOtpCondition ?? '', 'requireOtpCondition', 'Require OTP')
      : '';
  const saml = base.saml ? validateSamlSettings(merged.saml ?? {}, base.saml) : null;
  const oidc = base.oidc ? validateOidcClientSettings(merged.oidc ?? {}, base.oidc) : null;
  return {
    name,
    status,
    preset: preset as SamlPresetKey | null,
    allowAccess,
    allowCondition,
    requireOtp,
    requireOtpCondition,
    saml,
    oidc,
  };
}

import type {
  AttributeNameFormat,
  AttributeSource,
  NameIdFormat,
  NameIdSource,
  ServiceAllowMode,
  ServiceOtpMode,
  ServiceStatus,
  ServiceType,
  SigningTarget,
  SloBinding,
} from '@contract/admin-api';
import type { ModeOption } from '../conditions/ConditionModeField';

// The choices of a connected service's settings (SPEC §6, issue 9); the labels are part of the product.

export const serviceTypeLabels: Record<ServiceType, string> = { saml: 'SAML 2.0', oidc: 'OpenID Connect' };
export const serviceStatusLabels: Record<ServiceStatus, string> = { enabled: 'Enabled', disabled: 'Disabled' };

export const nameIdFormatOptions: readonly ModeOption<NameIdFormat>[] = [
  { value: 'emailAddress', label: 'Email address (emailAddress)' },
  { value: 'unspecified', label: 'Unspecified' },
  { value: 'persistent', label: 'Persistent' },
  { value: 'transient', label: 'Transient' },
];

export const nameIdSourceOptions: readonly ModeOption<NameIdSource>[] = [
  { value: 'loginId', label: 'Login ID' },
  { value: 'email', label: 'Email' },
  { value: 'customAttribute', label: 'Custom attribute' },
  { value: 'pairwiseId', label: 'Pairwise persistent ID' },
  { value: 'transientId', label: 'Random ID at each sign-in' },
];

export const signingOptions: readonly ModeOption<SigningTarget>[] = [
  { value: 'response', label: 'Response' },
  { value: 'assertion', label: 'Assertion' },
  { value: 'both', label: 'Response and assertion' },
];

export const sloBindingOptions: readonly ModeOption<SloBinding>[] = [
  { value: 'HTTP-Redirect', label: 'HTTP-Redirect' },
  { value: 'HTTP-POST', label: 'HTTP-POST' },
];

export const attributeNameFormatOptions: readonly ModeOption<AttributeNameFormat>[] = [
  { value: 'unspecified', label: 'Unspecified' },
  { value: 'basic', label: 'Basic' },
  { value: 'uri', label: 'URI' },
];

export const attributeSourceOptions: readonly ModeOption<AttributeSource>[] = [
  { value: 'loginId', label: 'Login ID' },
  { value: 'email', label: 'Email' },
  { value: 'displayName', label: 'Display Name' },
  { value: 'familyName', label: 'Family Name' },
  { value: 'givenName', label: 'Given Name' },
  { value: 'customAttribute', label: 'Custom attribute' },
  { value: 'group', label: 'Access Policy Group' },
  { value: 'constant', label: 'Constant' },
];

export const serviceAllowOptions: readonly ModeOption<ServiceAllowMode>[] = [
  { value: 'always', label: 'Allow every user whose group allows the service' },
  { value: 'conditions', label: 'Allow under the following conditions' },
];

export const serviceOtpOptions: readonly ModeOption<ServiceOtpMode>[] = [
  { value: 'group', label: "As the user's group decides" },
  { value: 'always', label: 'Always require' },
  { value: 'conditions', label: 'Require under the following conditions' },
];

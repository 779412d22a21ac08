import type { AllowMode, EmailChangeMode, PasskeyMode, SkipOtpMode } from '@contract/admin-api';
import type { ModeOption } from '../conditions/ConditionModeField';

// The choices of the group settings (SPEC §4); the labels are part of the product.

export const allowAccessOptions: readonly ModeOption<AllowMode>[] = [
  { value: 'always', label: 'Always allow' },
  { value: 'conditions', label: 'Allow under the following conditions' },
];

export const skipOtpOptions: readonly ModeOption<SkipOtpMode>[] = [
  { value: 'always-require', label: 'Always require' },
  { value: 'conditions', label: 'Skip under the following conditions' },
  { value: 'always-skip', label: 'Always skip' },
];

export const otpEmailChangeOptions: readonly ModeOption<EmailChangeMode>[] = [
  { value: 'always', label: 'Always allow' },
  { value: 'conditions', label: 'Allow under the following conditions' },
  { value: 'never', label: 'Never' },
];

export const passkeyOptions: readonly ModeOption<PasskeyMode>[] = [
  { value: 'not-allowed', label: 'Not allowed' },
  { value: 'second-factor', label: 'Allowed as a second factor' },
  { value: 'passwordless', label: 'Allowed also without a password' },
];

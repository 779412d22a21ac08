import type { TenantSettings } from '@contract/admin-api';
import { NativeSelect, TextInput, Title } from '@mantine/core';
import { AdminsNotReadyPanel } from '../adminOtp/AdminsNotReadyPanel';
import type { SettingsSectionProps } from './settingsFormValues';

const enforcementOptions: { value: TenantSettings['adminOtpEnforcement']; label: string }[] = [
  { value: 'off', label: 'Not enforced' },
  { value: 'scheduled', label: 'Enforced from' },
  { value: 'now', label: 'Enforced now' },
];

const missingOtpOptions: { value: TenantSettings['adminOtpMissing']; label: string }[] = [
  { value: 'setup', label: 'Take them through OTP setup' },
  { value: 'deny', label: 'Deny the login' },
];

/** Admin OTP enforcement (SPEC §5.3), with the admins who have no OTP yet. */
export function AdminOtpEnforcementSettings({ values, change, fieldErrors }: SettingsSectionProps) {
  return (
    <>
      <Title order={3}>Admin OTP enforcement</Title>
      <NativeSelect
        label="Admin OTP enforcement"
        description="Once enforced, every admin must pass OTP at every login, whatever their Access Policy Group says."
        data={enforcementOptions}
        value={values.adminOtpEnforcement}
        error={fieldErrors.adminOtpEnforcement}
        onChange={(event) =>
          change('adminOtpEnforcement', event.currentTarget.value as TenantSettings['adminOtpEnforcement'])
        }
      />
      {values.adminOtpEnforcement === 'scheduled' && (
        <TextInput
          type="datetime-local"
          label="Enforced from"
          description="In your browser's time zone."
          required
          withAsterisk={false}
          value={values.adminOtpEnforcedFrom}
          error={fieldErrors.adminOtpEnforcedFrom}
          onChange={(event) => change('adminOtpEnforcedFrom', event.currentTarget.value)}
        />
      )}
      <NativeSelect
        label="When an admin has no OTP"
        data={missingOtpOptions}
        value={values.adminOtpMissing}
        error={fieldErrors.adminOtpMissing}
        onChange={(event) => change('adminOtpMissing', event.currentTarget.value as TenantSettings['adminOtpMissing'])}
      />
      <AdminsNotReadyPanel requirement="otp" />
    </>
  );
}

import type { TenantSettings } from '@contract/admin-api';
import { NativeSelect, TextInput, Title } from '@mantine/core';
import { AdminsNotReadyPanel } from '../adminOtp/AdminsNotReadyPanel';
import type { SettingsSectionProps } from './settingsFormValues';

const requirementOptions: { value: TenantSettings['adminPasskeyRequirement']; label: string }[] = [
  { value: 'off', label: 'Not required' },
  { value: 'scheduled', label: 'Required from' },
  { value: 'now', label: 'Required now' },
];

/** Phishing-resistant sign-in for admins (SPEC §3.4), with the admins who have no passkey yet. */
export function AdminPasskeyRequirementSettings({ values, change, fieldErrors }: SettingsSectionProps) {
  return (
    <>
      <Title order={3}>Phishing-resistant sign-in for admins</Title>
      <NativeSelect
        label="Phishing-resistant sign-in for admins"
        description="Once required, every admin must use a passkey at every login: codes, emergency tokens and Gatehouse Key are refused."
        data={requirementOptions}
        value={values.adminPasskeyRequirement}
        error={fieldErrors.adminPasskeyRequirement}
        onChange={(event) =>
          change('adminPasskeyRequirement', event.currentTarget.value as TenantSettings['adminPasskeyRequirement'])
        }
      />
      {values.adminPasskeyRequirement === 'scheduled' && (
        <TextInput
          type="datetime-local"
          label="Required from"
          description="In your browser's time zone."
          required
          withAsterisk={false}
          value={values.adminPasskeyRequiredFrom}
          error={fieldErrors.adminPasskeyRequiredFrom}
          onChange={(event) => change('adminPasskeyRequiredFrom', event.currentTarget.value)}
        />
      )}
      <AdminsNotReadyPanel requirement="passkey" />
    </>
  );
}

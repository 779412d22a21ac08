import type { PasswordPolicy, TenantSettings } from '@contract/admin-api';
import { Checkbox, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useState, type ChangeEvent } from 'react';
import { useAdminOtpStatus } from '../adminOtp/AdminOtpStatusProvider';
import { updateSettings } from '../api/settings';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
import { useSession } from '../session/Session';
import { AdminOtpEnforcementSettings } from './AdminOtpEnforcementSettings';
import { AdminPasskeyRequirementSettings } from './AdminPasskeyRequirementSettings';
import { EntrancePassSettings } from './EntrancePassSettings';
import { passwordPolicyOptions } from './passwordPolicies';
import {
  fromFormValues,
  settingsFields,
  toFormValues,
  type NumberField,
  type SettingsFormValues,
  type SettingsSectionProps,
} from './settingsFormValues';
import { timeZoneSuggestions } from './timeZones';

const OTP_ISSUER_NAME_MAX_LENGTH = 20;

interface DomainSettingsFormProps {
  settings: TenantSettings;
  onSaved: (settings: TenantSettings) => void;
}

export function DomainSettingsForm({ settings, onSaved }: DomainSettingsFormProps) {
  const { api, me } = useSession();
  const adminOtpStatus = useAdminOtpStatus();
  const [values, setValues] = useState<SettingsFormValues>(() => toFormValues(settings));
  const form = useSaveForm(settingsFields);
  const { fieldErrors } = form;

  const change: SettingsSectionProps['change'] = (field, value) => {
    form.markEdited();
    setValues((current) => ({ ...current, [field]: value }));
  };
  const section: SettingsSectionProps = { values, change, fieldErrors };
  const textProps = (field: 'loginPageTitle' | 'timeZone' | 'mailSender' | 'otpIssuerName' | NumberField) => ({
    value: values[field],
    error: fieldErrors[field],
    onChange: (event: ChangeEvent<HTMLInputElement>) => change(field, event.currentTarget.value),
  });

  const submit = form.submitWith(async () => {
    const updated = await updateSettings(api, fromFormValues(values));
    setValues(toFormValues(updated));
    onSaved(updated);
    // The console banners and the readiness lists follow the enforcement and passkey settings.
    adminOtpStatus.reload();
  });

  return (
    <form onSubmit={submit}>
      <Stack maw={640}>
        <ErrorAlert error={form.formMessage} />
        <Title order={3}>Login screen</Title>
        <TextInput label="Login page title" {...textProps('loginPageTitle')} />
        <Checkbox
          label='Show "Keep me logged in"'
          checked={values.showKeepMeLoggedIn}
          error={fieldErrors.showKeepMeLoggedIn}
          onChange={(event) => change('showKeepMeLoggedIn', event.currentTarget.checked)}
        />
        <Title order={3}>Passwords and lockout</Title>
        <NativeSelect
          label="Password policy"
          data={passwordPolicyOptions}
          value={values.passwordPolicy}
          error={fieldErrors.passwordPolicy}
          onChange={(event) => change('passwordPolicy', event.currentTarget.value as PasswordPolicy)}
        />
        <TextInput type="number" min={1} label="Minimum password length" {...textProps('passwordMinLength')} />
        <TextInput
          type="number"
          min={1}
          label="Lockout threshold (failed attempts)"
          {...textProps('lockoutThreshold')}
        />
        <TextInput type="number" min={1} label="Lockout duration (minutes)" {...textProps('lockoutMinutes')} />
        <Title order={3}>One-time passwords</Title>
        <TextInput
          label="OTP issuer name"
          description="Shown next to the account in Gatehouse Key and other authenticator apps. At most 20 characters."
          maxLength={OTP_ISSUER_NAME_MAX_LENGTH}
          {...textProps('otpIssuerName')}
        />
        <EntrancePassSettings {...section} />
        <AdminOtpEnforcementSettings {...section} />
        <AdminPasskeyRequirementSettings {...section} />
        <Title order={3}>General</Title>
        <TextInput label="Time zone" list="time-zone-suggestions" {...textProps('timeZone')} />
        <datalist id="time-zone-suggestions">
          {timeZoneSuggestions.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <TextInput type="email" label="Mail sender address" {...textProps('mailSender')} />
        <FormSaveButtons
          label="Save Changes"
          saving={form.saving}
          saved={form.saved}
          disabled={!me.permissions.manageSystem}
        />
      </Stack>
    </form>
  );
}

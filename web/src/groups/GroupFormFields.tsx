import { Checkbox, NativeSelect, Stack, TextInput } from '@mantine/core';
import type { PasskeyMode } from '@contract/admin-api';
import type { EditableGroupSettings } from '../api/groups';
import { ConditionHelp } from '../conditions/ConditionHelp';
import { ConditionModeField } from '../conditions/ConditionModeField';
import { AllowedServicesField } from './AllowedServicesField';
import type { GroupFormValues } from './groupFormValues';
import { allowAccessOptions, otpEmailChangeOptions, passkeyOptions, skipOtpOptions } from './groupModeOptions';

const DISPLAY_NAME_MAX_LENGTH = 256;
const COOKIE_HOURS_MAX = 744;

interface GroupFormFieldsProps {
  values: GroupFormValues;
  onChange: <F extends keyof GroupFormValues>(field: F, value: GroupFormValues[F]) => void;
  fieldErrors: Partial<Record<keyof EditableGroupSettings, string>>;
}

/** The settings of an Access Policy Group (SPEC §4), shared by Add, edit and Copy. */
export function GroupFormFields({ values, onChange, fieldErrors }: GroupFormFieldsProps) {
  return (
    <Stack>
      <TextInput
        label="Display Name"
        required
        withAsterisk={false}
        maxLength={DISPLAY_NAME_MAX_LENGTH}
        value={values.displayName}
        error={fieldErrors.displayName}
        onChange={(event) => onChange('displayName', event.currentTarget.value)}
      />
      <TextInput
        type="number"
        label="Authentication Cookie Expiration"
        description={`Hours (0–${COOKIE_HOURS_MAX}). With "Keep me logged in" ticked, how long the browser stays signed in; otherwise the longest a session lasts.`}
        required
        withAsterisk={false}
        min={0}
        max={COOKIE_HOURS_MAX}
        step={1}
        rightSection="hours"
        rightSectionWidth={56}
        value={values.cookieExpirationHours}
        error={fieldErrors.cookieExpirationHours}
        onChange={(event) => onChange('cookieExpirationHours', event.currentTarget.value)}
      />
      <ConditionModeField
        label="Conditions to Allow Access"
        options={allowAccessOptions}
        conditionMode="conditions"
        conditionLabel="Access condition"
        mode={values.allowAccess}
        condition={values.allowCondition}
        modeError={fieldErrors.allowAccess}
        conditionError={fieldErrors.allowCondition}
        onModeChange={(mode) => onChange('allowAccess', mode)}
        onConditionChange={(condition) => onChange('allowCondition', condition)}
      />
      <ConditionModeField
        label="Skip OTP authentication"
        options={skipOtpOptions}
        conditionMode="conditions"
        conditionLabel="Skip condition"
        mode={values.skipOtp}
        condition={values.skipOtpCondition}
        modeError={fieldErrors.skipOtp}
        conditionError={fieldErrors.skipOtpCondition}
        onModeChange={(mode) => onChange('skipOtp', mode)}
        onConditionChange={(condition) => onChange('skipOtpCondition', condition)}
      />
      <Checkbox
        label="Allow users to configure OTP in the portal"
        checked={values.allowPortalOtpSetup}
        error={fieldErrors.allowPortalOtpSetup}
        onChange={(event) => onChange('allowPortalOtpSetup', event.currentTarget.checked)}
      />
      <ConditionModeField
        label="Allow changing the OTP notification email"
        options={otpEmailChangeOptions}
        conditionMode="conditions"
        conditionLabel="Email change condition"
        mode={values.otpEmailChange}
        condition={values.otpEmailChangeCondition}
        modeError={fieldErrors.otpEmailChange}
        conditionError={fieldErrors.otpEmailChangeCondition}
        onModeChange={(mode) => onChange('otpEmailChange', mode)}
        onConditionChange={(condition) => onChange('otpEmailChangeCondition', condition)}
      />
      <ConditionHelp />
      <AllowedServicesField
        value={values.allowedServices}
        error={fieldErrors.allowedServices}
        onChange={(services) => onChange('allowedServices', services)}
      />
      <NativeSelect
        label="Passkeys"
        description="Whether the group's users may use passkeys, and how."
        data={passkeyOptions.map(({ value, label }) => ({ value, label }))}
        value={values.passkeys}
        error={fieldErrors.passkeys}
        onChange={(event) => onChange('passkeys', event.currentTarget.value as PasskeyMode)}
      />
      <Checkbox
        label="Require user verification"
        description="A new passkey must show that its authenticator verified the user (PIN or biometrics)."
        checked={values.requirePasskeyUserVerification}
        error={fieldErrors.requirePasskeyUserVerification}
        onChange={(event) => onChange('requirePasskeyUserVerification', event.currentTarget.checked)}
      />
    </Stack>
  );
}

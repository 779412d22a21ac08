import { Stack, Text, Title } from '@mantine/core';
import { ConditionHelp } from '../conditions/ConditionHelp';
import { ConditionModeField } from '../conditions/ConditionModeField';
import type { ServiceFormValues } from './serviceFormValues';
import { serviceAllowOptions, serviceOtpOptions } from './serviceLabels';

/**
 * The service's own policy (SPEC §6): the user's Access Policy Group must allow the service (its "Allowed
 * services"), and these settings can only narrow access or add an OTP step on top of the group's.
 */
export type AccessValues = Pick<
  ServiceFormValues,
  'allowAccess' | 'allowCondition' | 'requireOtp' | 'requireOtpCondition'
>;

interface AccessFieldsProps {
  values: AccessValues;
  onChange: <F extends keyof AccessValues>(field: F, value: AccessValues[F]) => void;
  fieldErrors: Partial<Record<keyof AccessValues, string>>;
}

export function ServiceAccessFields({ values, onChange, fieldErrors }: AccessFieldsProps) {
  return (
    <Stack>
      <Title order={3}>Access</Title>
      <Text c="dimmed" size="sm">
        Users may use the service when their Access Policy Group lists it under Allowed services, and when these
        conditions also hold.
      </Text>
      <ConditionModeField
        label="Conditions to Allow Access"
        options={serviceAllowOptions}
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
        label="Require OTP"
        options={serviceOtpOptions}
        conditionMode="conditions"
        conditionLabel="OTP condition"
        mode={values.requireOtp}
        condition={values.requireOtpCondition}
        modeError={fieldErrors.requireOtp}
        conditionError={fieldErrors.requireOtpCondition}
        onModeChange={(mode) => onChange('requireOtp', mode)}
        onConditionChange={(condition) => onChange('requireOtpCondition', condition)}
      />
      <ConditionHelp />
    </Stack>
  );
}

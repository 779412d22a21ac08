import type { TenantSettings } from '@contract/admin-api';
import { TextInput, Title } from '@mantine/core';
import { ConditionModeField, type ModeOption } from '../conditions/ConditionModeField';
import type { SettingsSectionProps } from './settingsFormValues';

const entrancePassOptions: readonly ModeOption<TenantSettings['entrancePass']>[] = [
  { value: 'never', label: 'Never' },
  { value: 'always', label: 'Always' },
  { value: 'conditions', label: 'Allow under the following conditions' },
];

/** When a successful sign-in leaves an entrance pass in the browser, and for how long (SPEC §5.2). */
export function EntrancePassSettings({ values, change, fieldErrors }: SettingsSectionProps) {
  return (
    <>
      <Title order={3}>Entrance pass</Title>
      <ConditionModeField
        label="Conditions for Issuing Entrance Pass"
        options={entrancePassOptions}
        conditionMode="conditions"
        conditionLabel="Entrance pass condition"
        mode={values.entrancePass}
        condition={values.entrancePassCondition}
        modeError={fieldErrors.entrancePass}
        conditionError={fieldErrors.entrancePassCondition}
        onModeChange={(mode) => change('entrancePass', mode)}
        onConditionChange={(condition) => change('entrancePassCondition', condition)}
      />
      <TextInput
        type="number"
        label="Entrance pass lifetime (days)"
        min={1}
        max={3650}
        step={1}
        value={values.entrancePassLifetimeDays}
        error={fieldErrors.entrancePassLifetimeDays}
        onChange={(event) => change('entrancePassLifetimeDays', event.currentTarget.value)}
      />
    </>
  );
}

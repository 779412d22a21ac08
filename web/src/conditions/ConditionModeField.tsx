import { NativeSelect, Stack, Textarea } from '@mantine/core';

export interface ModeOption<Mode extends string> {
  value: Mode;
  label: string;
}

interface ConditionModeFieldProps<Mode extends string> {
  label: string;
  options: readonly ModeOption<Mode>[];
  /** The mode that takes an access condition ("… under the following conditions"). */
  conditionMode: Mode;
  conditionLabel: string;
  mode: Mode;
  condition: string;
  modeError?: string;
  conditionError?: string;
  onModeChange: (mode: Mode) => void;
  onConditionChange: (condition: string) => void;
}

/**
 * A native select of modes and, for the mode that takes one, a textarea for the access condition (SPEC §4.1).
 * The server's message about the condition ("… (column N)") is shown under the textarea, or under the select
 * while the textarea is hidden.
 */
export function ConditionModeField<Mode extends string>(props: ConditionModeFieldProps<Mode>) {
  const { label, options, conditionMode, conditionLabel, mode, condition, modeError, conditionError } = props;
  const showsCondition = mode === conditionMode;
  return (
    <Stack gap="xs">
      <NativeSelect
        label={label}
        data={options.map(({ value, label: optionLabel }) => ({ value, label: optionLabel }))}
        value={mode}
        error={modeError ?? (showsCondition ? undefined : conditionError)}
        onChange={(event) => props.onModeChange(event.currentTarget.value as Mode)}
      />
      {showsCondition && (
        <Textarea
          label={conditionLabel}
          placeholder="e.g. ipset:office or has_pass:true"
          autosize
          minRows={2}
          maxLength={4096}
          spellCheck={false}
          autoCapitalize="none"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={condition}
          error={conditionError}
          onChange={(event) => props.onConditionChange(event.currentTarget.value)}
        />
      )}
    </Stack>
  );
}

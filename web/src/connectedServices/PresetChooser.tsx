import type { SamlPreset, SamlPresetList } from '@contract/admin-api';
import { Button, Group, Radio, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { PLACEHOLDER_VALUE } from '@contract/admin-api/saml-preset-fill';

const BLANK = 'blank';

interface PresetChooserProps {
  presets: SamlPresetList;
  /** The chosen preset (null for a blank service) and the values typed for its placeholders. */
  onChoose: (preset: SamlPreset | null, values: Record<string, string>) => void;
}

/** "Start from": a blank service or a preset, whose placeholders (the customer's own part) are typed here. */
export function PresetChooser({ presets, onChoose }: PresetChooserProps) {
  const [choice, setChoice] = useState(BLANK);
  const [values, setValues] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const preset = presets.items.find((item) => item.key === choice) ?? null;
  const errorOf = (key: string) => {
    const value = values[key]?.trim() ?? '';
    if (!tried) return undefined;
    if (value === '') return 'Required.';
    return PLACEHOLDER_VALUE.test(value) ? undefined : 'Letters, digits, ".", "_" and "-" only.';
  };

  const proceed = () => {
    setTried(true);
    if (preset?.placeholders.some((placeholder) => !PLACEHOLDER_VALUE.test(values[placeholder.key]?.trim() ?? '')))
      return;
    onChoose(preset, values);
  };

  return (
    <Stack>
      <Radio.Group label="Start from" value={choice} onChange={setChoice}>
        <Stack gap="xs" mt="xs">
          <Radio value={BLANK} label="Blank (no preset)" />
          {presets.items.map((item) => (
            <Radio key={item.key} value={item.key} label={item.name} />
          ))}
        </Stack>
      </Radio.Group>
      {preset?.placeholders.map((placeholder) => (
        <TextInput
          key={placeholder.key}
          label={placeholder.label}
          placeholder={placeholder.example}
          spellCheck={false}
          autoCapitalize="none"
          value={values[placeholder.key] ?? ''}
          error={errorOf(placeholder.key)}
          onChange={(event) => setValues({ ...values, [placeholder.key]: event.currentTarget.value })}
        />
      ))}
      <Group>
        <Button onClick={proceed}>Continue</Button>
      </Group>
    </Stack>
  );
}

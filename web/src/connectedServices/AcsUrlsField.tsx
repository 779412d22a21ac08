import { Button, Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { type AcsRow, newAcsRow } from './serviceFormValues';

const MAX_ACS_URLS = 20;

interface AcsUrlsFieldProps {
  rows: AcsRow[];
  error?: string;
  onChange: (rows: AcsRow[]) => void;
}

/**
 * ACS URLs: where Gatehouse posts its responses. Each row has its binding (HTTP-POST, the only one a response may
 * use) and its index (what an AuthnRequest names with AssertionConsumerServiceIndex); exactly one is the default.
 */
export function AcsUrlsField({ rows, error, onChange }: AcsUrlsFieldProps) {
  const change = (key: number, patch: Partial<AcsRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const makeDefault = (key: number) => onChange(rows.map((row) => ({ ...row, isDefault: row.key === key })));
  const remove = (key: number) => {
    const rest = rows.filter((row) => row.key !== key);
    const [first] = rest;
    // The default cannot go missing by removing its row: the first one left takes over.
    onChange(first && !rest.some((row) => row.isDefault) ? [{ ...first, isDefault: true }, ...rest.slice(1)] : rest);
  };

  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        ACS URLs
      </Text>
      <Text c="dimmed" size="xs">
        Where the service receives responses (Assertion Consumer Service). https, or http to localhost for testing.
      </Text>
      {rows.map((row, position) => (
        <Group key={row.key} align="flex-end" wrap="nowrap">
          <TextInput
            label={`ACS URL ${position + 1}`}
            placeholder="https://service.example.com/saml/acs"
            style={{ flex: 1 }}
            spellCheck={false}
            autoCapitalize="none"
            value={row.url}
            onChange={(event) => change(row.key, { url: event.currentTarget.value })}
          />
          <NativeSelect
            label="Binding"
            data={[{ value: 'HTTP-POST', label: 'HTTP-POST' }]}
            value={row.binding}
            onChange={() => change(row.key, { binding: 'HTTP-POST' })}
          />
          <TextInput
            label="Index"
            w={80}
            inputMode="numeric"
            value={row.index}
            onChange={(event) => change(row.key, { index: event.currentTarget.value })}
          />
          <Radio
            label="Default"
            name="acs-default"
            mb={8}
            checked={row.isDefault}
            onChange={() => makeDefault(row.key)}
          />
          <Button
            variant="subtle"
            color="red"
            onClick={() => remove(row.key)}
            aria-label={`Remove ACS URL ${position + 1}`}
          >
            Remove
          </Button>
        </Group>
      ))}
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Group>
        <Button
          variant="default"
          disabled={rows.length >= MAX_ACS_URLS}
          onClick={() => onChange([...rows, newAcsRow(rows)])}
        >
          + Add URL
        </Button>
      </Group>
    </Stack>
  );
}

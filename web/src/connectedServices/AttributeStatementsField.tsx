import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type AttributeRow, newAttributeRow } from './serviceFormValues';
import { attributeNameFormatOptions, attributeSourceOptions } from './serviceLabels';

const MAX_ATTRIBUTES = 50;

interface AttributeStatementsFieldProps {
  rows: AttributeRow[];
  error?: string;
  onChange: (rows: AttributeRow[]) => void;
}

/** Attribute statements: each attribute's name, name format and where its value comes from. */
export function AttributeStatementsField({ rows, error, onChange }: AttributeStatementsFieldProps) {
  const change = (key: number, patch: Partial<AttributeRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Attribute statements
      </Text>
      <Text c="dimmed" size="xs">
        Attributes sent in every assertion: a user field, a custom attribute, the user's Access Policy Group, or a
        constant.
      </Text>
      {rows.map((row, position) => (
        <Group key={row.key} align="flex-end" wrap="nowrap">
          <TextInput
            label={`Attribute ${position + 1} name`}
            style={{ flex: 1 }}
            spellCheck={false}
            autoCapitalize="none"
            value={row.name}
            onChange={(event) => change(row.key, { name: event.currentTarget.value })}
          />
          <NativeSelect
            label="Name format"
            data={[...attributeNameFormatOptions]}
            value={row.nameFormat}
            onChange={(event) =>
              change(row.key, { nameFormat: event.currentTarget.value as AttributeRow['nameFormat'] })
            }
          />
          <NativeSelect
            label="Value"
            data={[...attributeSourceOptions]}
            value={row.source}
            onChange={(event) => change(row.key, { source: event.currentTarget.value as AttributeRow['source'] })}
          />
          {(row.source === 'customAttribute' || row.source === 'constant') && (
            <TextInput
              label={row.source === 'constant' ? 'Constant' : 'Custom attribute name'}
              w={180}
              spellCheck={false}
              autoCapitalize="none"
              value={row.value}
              onChange={(event) => change(row.key, { value: event.currentTarget.value })}
            />
          )}
          <Button
            variant="subtle"
            color="red"
            onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
            aria-label={`Remove attribute ${position + 1}`}
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
          disabled={rows.length >= MAX_ATTRIBUTES}
          onClick={() => onChange([...rows, newAttributeRow()])}
        >
          + Add attribute
        </Button>
      </Group>
    </Stack>
  );
}

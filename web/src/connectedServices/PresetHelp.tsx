import type { SamlPreset } from '@contract/admin-api';
import { Anchor, List, Paper, Stack, Text, Title } from '@mantine/core';

/** What to set on the service's side, as its preset says. */
export function PresetHelp({ preset }: { preset: SamlPreset }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={4}>Setting up {preset.name}</Title>
        <List size="sm" type="ordered" spacing={4}>
          {preset.help.map((step) => (
            <List.Item key={step}>{step}</List.Item>
          ))}
        </List>
        <Text size="sm">
          <Anchor href={preset.documentation} target="_blank" rel="noreferrer">
            {preset.name} documentation
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}

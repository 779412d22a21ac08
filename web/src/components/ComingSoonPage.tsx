import { Stack, Text, Title } from '@mantine/core';

export function ComingSoonPage({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">Coming soon.</Text>
    </Stack>
  );
}

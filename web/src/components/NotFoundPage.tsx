import { Stack, Text, Title } from '@mantine/core';

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>There is no such page in the admin console.</Text>
    </Stack>
  );
}

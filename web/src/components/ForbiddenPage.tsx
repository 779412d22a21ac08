import { Anchor, Center, Stack, Text, Title } from '@mantine/core';

export function ForbiddenPage({ domain }: { domain: string }) {
  return (
    <Center h="100vh">
      <Stack align="center">
        <Title order={1}>403 Forbidden</Title>
        <Text>Your account is not allowed to use the admin console.</Text>
        <Anchor href={`/portal/${encodeURIComponent(domain)}/`}>Go to the portal</Anchor>
      </Stack>
    </Center>
  );
}

import type { User } from '@contract/admin-api';
import { SimpleGrid, Stack, Text } from '@mantine/core';
import { formatTimestamp } from '../components/formatTimestamp';

/** Read-only facts the server keeps about the account. */
export function UserActivity({ user }: { user: User }) {
  const facts = [
    { label: 'Created', value: formatTimestamp(user.createdAt) },
    { label: 'Last login', value: formatTimestamp(user.lastLoginAt, 'Never') },
    { label: 'Failed login count', value: String(user.failedLoginCount) },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {facts.map(({ label, value }) => (
        <Stack key={label} gap={0}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text>{value}</Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

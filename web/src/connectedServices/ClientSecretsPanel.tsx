import { Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { deleteClientSecret, listClientSecrets, rotateClientSecret } from '../api/connectedServices';
import { useApiCall } from '../api/useApiCall';
import { useApiData } from '../api/useApiData';
import { ConfirmedActionButton } from '../components/ConfirmedActionButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTimestamp } from '../components/formatTimestamp';
import { useSession } from '../session/Session';
import { ClientSecretOnce } from './ClientSecretOnce';

/** How long the secrets in use keep working after a rotation (docs/connected-services.md). */
const overlapOptions = [
  { value: '0', label: 'No overlap: they stop now' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
];

/**
 * A confidential client's secrets: when each was made and ends, never their values. Rotate secret makes a new one,
 * shown once here, while the old ones keep working for the overlap chosen; Delete stops one at once.
 */
export function ClientSecretsPanel({ serviceId }: { serviceId: string }) {
  const { api, me } = useSession();
  const secrets = useApiData(() => listClientSecrets(api, serviceId), `client-secrets ${serviceId}`);
  const { busy, error, run } = useApiCall();
  const [overlap, setOverlap] = useState('86400');
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const canChange = me.permissions.manageSystem;

  const rotate = () =>
    run(async () => {
      const rotated = await rotateClientSecret(api, serviceId, Number(overlap));
      setNewSecret(rotated.clientSecret);
      secrets.reload();
    });

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3}>Client secrets</Title>
        <Text c="dimmed" size="sm">
          Values are shown once, when made. Rotating makes a new secret; the ones in use keep working for the overlap,
          so that the application can be given the new one first.
        </Text>
        {newSecret && <ClientSecretOnce secret={newSecret} />}
        <ErrorAlert error={secrets.error ?? error} />
        <Group align="flex-end">
          <NativeSelect
            label="Old secrets keep working for"
            data={overlapOptions}
            value={overlap}
            disabled={!canChange}
            onChange={(event) => setOverlap(event.currentTarget.value)}
          />
          <Button disabled={!canChange} loading={busy} onClick={rotate}>
            Rotate secret
          </Button>
        </Group>
        {secrets.data && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {secrets.data.items.map((secret) => (
                <Table.Tr key={secret.id}>
                  <Table.Td>{formatTimestamp(secret.createdAt)}</Table.Td>
                  <Table.Td>{formatTimestamp(secret.expiresAt, 'Never')}</Table.Td>
                  <Table.Td>
                    <Badge color={secret.active ? 'green' : 'gray'} variant="light" tt="none">
                      {secret.active ? 'Works' : 'Expired'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <ConfirmedActionButton
                      label="Delete"
                      size="xs"
                      variant="default"
                      disabled={!canChange}
                      title="Delete this client secret?"
                      message="The application can no longer use it, from now on."
                      confirmLabel="Delete"
                      danger
                      action={async () => {
                        await deleteClientSecret(api, serviceId, secret.id);
                        secrets.reload();
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

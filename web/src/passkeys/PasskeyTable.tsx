import type { AdminPasskey } from '@contract/admin-api';
import { Badge, Table, Text, VisuallyHidden } from '@mantine/core';
import { removePasskey } from '../api/passkeys';
import { ConfirmedActionButton } from '../components/ConfirmedActionButton';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { formatTimestamp } from '../components/formatTimestamp';
import { useSession } from '../session/Session';

/** The AAGUID an authenticator sends when it does not name its model (Gatehouse asks for no attestation). */
const UNKNOWN_AAGUID = '00000000-0000-0000-0000-000000000000';

/** What the stored device type tells an admin: a synced passkey lives on every device of the user's account. */
function authenticatorOf(passkey: AdminPasskey): string {
  if (passkey.deviceType === 'multiDevice') return 'Synced passkey';
  if (passkey.deviceType === 'singleDevice') return 'Single device';
  return 'Unknown';
}

interface PasskeyTableProps {
  userId: string;
  passkeys: AdminPasskey[];
  onRemoved: () => void;
}

export function PasskeyTable({ userId, passkeys, onRemoved }: PasskeyTableProps) {
  const { api, me } = useSession();
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Added</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Authenticator</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {passkeys.map((passkey) => (
            <Table.Tr key={passkey.id}>
              <Table.Td>
                {passkey.name}
                {passkey.flaggedAt && (
                  // A counter that went backwards may mean a copied authenticator: the admin's remedy is Remove.
                  <>
                    {' '}
                    <Badge color="red" variant="light" size="sm">
                      Flagged
                    </Badge>
                    <Text size="xs" c="red" maw={320}>
                      Its signature counter went backwards at a login on {formatTimestamp(passkey.flaggedAt)}, which may
                      mean it was copied. Remove it unless the user recognises this.
                    </Text>
                  </>
                )}
              </Table.Td>
              <Table.Td>{formatTimestamp(passkey.createdAt)}</Table.Td>
              <Table.Td>{formatTimestamp(passkey.lastUsedAt, 'Never')}</Table.Td>
              <Table.Td>
                <Text size="sm">{authenticatorOf(passkey)}</Text>
                {passkey.aaguid !== UNKNOWN_AAGUID && (
                  <Text size="xs" c="dimmed" ff="monospace" title="AAGUID: the authenticator model">
                    {passkey.aaguid}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <ConfirmedActionButton
                  label="Remove"
                  color="red"
                  variant="subtle"
                  size="xs"
                  disabled={!me.permissions.manageUsers}
                  title="Remove passkey"
                  message={`Remove the passkey "${passkey.name}"? It will no longer work for this account.`}
                  confirmLabel="Remove"
                  danger
                  action={async () => {
                    await removePasskey(api, userId, passkey.id);
                    onRemoved();
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
          {passkeys.length === 0 && <EmptyTableRow columnCount={5}>No passkeys.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

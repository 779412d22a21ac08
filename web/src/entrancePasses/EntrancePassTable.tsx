import type { EntrancePass } from '@contract/admin-api';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { revokeEntrancePass } from '../api/entrancePasses';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { formatTimestamp } from '../components/formatTimestamp';
import { RevokeButton } from '../components/RevokeButton';
import { useSession } from '../session/Session';

interface EntrancePassTableProps {
  userId: string;
  passes: EntrancePass[];
  onRevoked: () => void;
}

export function EntrancePassTable({ userId, passes, onRevoked }: EntrancePassTableProps) {
  const { api } = useSession();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Issued</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>User agent</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {passes.map((pass) => (
            <Table.Tr key={pass.id}>
              <Table.Td>{formatTimestamp(pass.issuedAt)}</Table.Td>
              <Table.Td>{formatTimestamp(pass.expiresAt)}</Table.Td>
              <Table.Td>{formatTimestamp(pass.lastUsedAt, 'Never')}</Table.Td>
              <Table.Td>{pass.ip}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2} title={pass.userAgent}>
                  {pass.userAgent}
                </Text>
              </Table.Td>
              <Table.Td>
                <RevokeButton
                  title="Revoke entrance pass"
                  message="Revoke this entrance pass? The browser holding it is no longer trusted."
                  revoke={() => revokeEntrancePass(api, userId, pass.id)}
                  onRevoked={onRevoked}
                />
              </Table.Td>
            </Table.Tr>
          ))}
          {passes.length === 0 && <EmptyTableRow columnCount={6}>No entrance passes.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

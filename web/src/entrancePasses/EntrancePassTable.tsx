import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { EntrancePass } from '../api/entrancePasses';
import { formatTimestamp } from '../components/formatTimestamp';
import { RevokePassButton } from './RevokePassButton';

interface EntrancePassTableProps {
  userId: string;
  passes: EntrancePass[];
  onRevoked: () => void;
}

export function EntrancePassTable({ userId, passes, onRevoked }: EntrancePassTableProps) {
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
                <RevokePassButton userId={userId} passId={pass.id} onRevoked={onRevoked} />
              </Table.Td>
            </Table.Tr>
          ))}
          {passes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed">No entrance passes.</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

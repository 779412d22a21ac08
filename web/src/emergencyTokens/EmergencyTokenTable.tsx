import { Code, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import type { EmergencyToken } from '../api/otpTypes';
import { formatTimestamp } from '../components/formatTimestamp';
import { CopyTokenButton } from './CopyTokenButton';
import { RevokeTokenButton } from './RevokeTokenButton';

interface EmergencyTokenTableProps {
  userId: string;
  tokens: EmergencyToken[];
  onRevoked: () => void;
}

export function EmergencyTokenTable({ userId, tokens, onRevoked }: EmergencyTokenTableProps) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Token</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Used</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Td>
                <Code>{token.masked}</Code>
              </Table.Td>
              <Table.Td>{formatTimestamp(token.createdAt)}</Table.Td>
              <Table.Td>{formatTimestamp(token.usedAt, 'Unused')}</Table.Td>
              <Table.Td>
                {token.usedAt === null && (
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <CopyTokenButton userId={userId} tokenId={token.id} />
                    <RevokeTokenButton userId={userId} tokenId={token.id} onRevoked={onRevoked} />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {tokens.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text c="dimmed">No emergency tokens.</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import type { EmergencyToken } from '@contract/admin-api';
import { Code, Group, Table, VisuallyHidden } from '@mantine/core';
import { revokeEmergencyToken } from '../api/emergencyTokens';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { formatTimestamp } from '../components/formatTimestamp';
import { RevokeButton } from '../components/RevokeButton';
import { useSession } from '../session/Session';
import { CopyTokenButton } from './CopyTokenButton';

interface EmergencyTokenTableProps {
  userId: string;
  tokens: EmergencyToken[];
  onRevoked: () => void;
}

export function EmergencyTokenTable({ userId, tokens, onRevoked }: EmergencyTokenTableProps) {
  const { api } = useSession();
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
                    <RevokeButton
                      title="Revoke token"
                      message="Revoke this emergency token? It can no longer be used."
                      revoke={() => revokeEmergencyToken(api, userId, token.id)}
                      onRevoked={onRevoked}
                    />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {tokens.length === 0 && <EmptyTableRow columnCount={4}>No emergency tokens.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import type { Group } from '@contract/admin-api';
import { ActionIcon, Badge, Group as Row, Table, VisuallyHidden } from '@mantine/core';
import { CopyIcon } from '../components/CopyIcon';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { useRouter } from '../routing/Router';

/** The groups with their number of users and, per row, the copy icon that opens Copy Access Policy Group. */
export function GroupTable({ groups }: { groups: Group[] }) {
  const router = useRouter();
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Display Name</Table.Th>
            <Table.Th>Users</Table.Th>
            <Table.Th w={60}>
              <VisuallyHidden>Copy</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Table.Tr key={group.id}>
              <Table.Td>
                <Row gap="xs">
                  <ConsoleLink to={routePaths.editGroup(group.id)}>{group.displayName}</ConsoleLink>
                  {group.isDefault && (
                    <Badge variant="light" tt="none">
                      Default
                    </Badge>
                  )}
                </Row>
              </Table.Td>
              <Table.Td>{group.userCount}</Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  aria-label={`Copy ${group.displayName}`}
                  title="Copy"
                  onClick={() => router.navigate(routePaths.copyGroup(group.id))}
                >
                  <CopyIcon />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
          {groups.length === 0 && <EmptyTableRow columnCount={3}>No Access Policy Groups.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

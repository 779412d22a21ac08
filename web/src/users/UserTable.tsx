import { Table, Text } from '@mantine/core';
import type { User } from '../api/types';
import { formatTimestamp } from '../components/formatTimestamp';
import { SortableHeader } from '../components/SortableHeader';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { roleLabels, statusLabels } from './userLabels';
import type { UserListQuery, UserSortField } from './userListQuery';

const columns: { field: UserSortField; label: string }[] = [
  { field: 'loginId', label: 'Login ID' },
  { field: 'displayName', label: 'Display Name' },
  { field: 'email', label: 'Email' },
  { field: 'status', label: 'Status' },
  { field: 'role', label: 'Role' },
  { field: 'lastLoginAt', label: 'Last Login' },
  { field: 'createdAt', label: 'Created' },
];

interface UserTableProps {
  users: User[];
  query: UserListQuery;
  onSort: (field: UserSortField) => void;
}

export function UserTable({ users, query, onSort }: UserTableProps) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {columns.map(({ field, label }) => (
              <SortableHeader
                key={field}
                label={label}
                order={query.sort === field ? query.order : null}
                onSort={() => onSort(field)}
              />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <ConsoleLink to={routePaths.userDetails(user.id)}>{user.loginId}</ConsoleLink>
              </Table.Td>
              <Table.Td>{user.displayName}</Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{statusLabels[user.status]}</Table.Td>
              <Table.Td>{roleLabels[user.role]}</Table.Td>
              <Table.Td>{formatTimestamp(user.lastLoginAt, 'Never')}</Table.Td>
              <Table.Td>{formatTimestamp(user.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
          {users.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns.length}>
                <Text c="dimmed">No users match.</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

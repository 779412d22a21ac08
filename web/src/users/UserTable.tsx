import type { User } from '@contract/admin-api';
import { Table } from '@mantine/core';
import { EmptyTableRow } from '../components/EmptyTableRow';
import { formatTimestamp } from '../components/formatTimestamp';
import { SortableHeader } from '../components/SortableHeader';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { otpTypeLabels } from '../otp/otpTypeLabels';
import { roleLabels, statusLabels } from './userLabels';
import type { UserListQuery, UserSortField } from './userListQuery';

/** Columns without a `field` cannot be sorted by (GET /users has no such sort). */
const columns: { label: string; field?: UserSortField }[] = [
  { field: 'loginId', label: 'Login ID' },
  { field: 'displayName', label: 'Display Name' },
  { field: 'email', label: 'Email' },
  { field: 'status', label: 'Status' },
  { field: 'role', label: 'Role' },
  { label: 'OTP Type' },
  { label: 'Access Policy Group' },
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
    <Table.ScrollContainer minWidth={1150}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {columns.map(({ field, label }) =>
              field ? (
                <SortableHeader
                  key={field}
                  label={label}
                  order={query.sort === field ? query.order : null}
                  onSort={() => onSort(field)}
                />
              ) : (
                <Table.Th key={label}>{label}</Table.Th>
              ),
            )}
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
              <Table.Td>{otpTypeLabels[user.otpType]}</Table.Td>
              <Table.Td>{user.groupName}</Table.Td>
              <Table.Td>{formatTimestamp(user.lastLoginAt, 'Never')}</Table.Td>
              <Table.Td>{formatTimestamp(user.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
          {users.length === 0 && <EmptyTableRow columnCount={columns.length}>No users match.</EmptyTableRow>}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

import type { UserPage } from '@contract/admin-api';
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type ApiData, useApiData } from '../api/useApiData';
import { listUsers, usersCsvUrl } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { KeysetPageButtons } from '../components/KeysetPageButtons';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { UserListFilters } from './UserListFilters';
import { UserTable } from './UserTable';
import { parseUserListQuery, sortedBy, userListParams, userListSearch, type UserListQuery } from './userListQuery';

interface ListTotal {
  /** The filters and sort the total was counted for. */
  filtersKey: string;
  count: number;
  /** More than `count` users match. */
  lowerBound: boolean;
}

/**
 * The server counts the users on a first page only (up to 1000), so the total of the first page is kept while
 * paging on with the same filters and sort.
 */
function useFirstPageTotal(users: ApiData<UserPage>, filtersKey: string): ListTotal | null {
  const [kept, setKept] = useState<ListTotal | null>(null);
  const page = users.loading || users.error ? null : users.data;
  const fresh =
    page && page.total !== null ? { filtersKey, count: page.total, lowerBound: page.totalIsLowerBound } : null;
  useEffect(() => {
    if (fresh) setKept(fresh);
  }, [fresh?.filtersKey, fresh?.count, fresh?.lowerBound]);
  return fresh ?? (kept?.filtersKey === filtersKey ? kept : null);
}

function totalLabel({ count, lowerBound }: ListTotal): string {
  if (lowerBound) return `${count}+ users`;
  return `${count} ${count === 1 ? 'user' : 'users'}`;
}

export function UserListPage() {
  const { api, me } = useSession();
  const router = useRouter();
  const query = parseUserListQuery(router.query);
  const apiParams = userListParams(query, { withCursor: true });
  const users = useApiData(() => listUsers(api, apiParams), JSON.stringify(apiParams));

  const show = (next: UserListQuery) => router.navigate(`${routePaths.userList}?${userListSearch(next)}`);
  const total = useFirstPageTotal(users, JSON.stringify(userListParams(query, { withCursor: false })));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>User List</Title>
        <Button onClick={() => router.navigate(routePaths.addUser)} disabled={!me.permissions.manageUsers}>
          + Add User
        </Button>
      </Group>
      <UserListFilters query={query} onChange={show} />
      <Group justify="space-between">
        <Text aria-live="polite">{total ? totalLabel(total) : ''}</Text>
        <Group gap="md">
          <Anchor href={usersCsvUrl(api, {})} download>
            Download CSV
          </Anchor>
          <Anchor href={usersCsvUrl(api, userListParams(query, { withCursor: false }))} download>
            Download filtered CSV
          </Anchor>
        </Group>
      </Group>
      <ErrorAlert error={users.error} />
      {users.data && (
        <UserTable users={users.data.items} query={query} onSort={(field) => show(sortedBy(query, field))} />
      )}
      <KeysetPageButtons
        cursor={query.cursor}
        nextCursor={users.data?.nextCursor}
        loading={users.loading}
        onPage={(cursor) => show({ ...query, cursor })}
      />
    </Stack>
  );
}

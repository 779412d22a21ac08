import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useApiData } from '../api/useApiData';
import { listUsers, usersCsvUrl } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { UserListFilters } from './UserListFilters';
import { UserTable } from './UserTable';
import { parseUserListQuery, sortedBy, userListParams, userListSearch, type UserListQuery } from './userListQuery';

export function UserListPage() {
  const { api, me } = useSession();
  const router = useRouter();
  const query = parseUserListQuery(router.query);
  const apiParams = userListParams(query, { withCursor: true });
  const users = useApiData(() => listUsers(api, apiParams), JSON.stringify(apiParams));

  const show = (next: UserListQuery) => router.navigate(`${routePaths.userList}?${userListSearch(next)}`);
  const total = users.data?.total;

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
        <Text aria-live="polite">{total === undefined ? '' : `${total} ${total === 1 ? 'user' : 'users'}`}</Text>
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
      {users.data && <UserTable users={users.data.items} query={query} onSort={(field) => show(sortedBy(query, field))} />}
      <Group>
        <Button variant="default" disabled={!query.cursor} onClick={() => show({ ...query, cursor: '' })}>
          First page
        </Button>
        <Button
          variant="default"
          disabled={users.loading || !users.data?.nextCursor}
          onClick={() => show({ ...query, cursor: users.data?.nextCursor ?? '' })}
        >
          Next page
        </Button>
      </Group>
    </Stack>
  );
}

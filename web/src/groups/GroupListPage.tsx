import { Button, Group as Row, Loader, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { GroupTable } from './GroupTable';
import { useGroupList } from './useGroupList';

/** Access Control > Access Policy Groups (SPEC §4). */
export function GroupListPage() {
  const { me } = useSession();
  const router = useRouter();
  const groups = useGroupList();
  return (
    <Stack maw={900}>
      <Row justify="space-between">
        <Title order={2}>Access Policy Groups</Title>
        <Button onClick={() => router.navigate(routePaths.addGroup)} disabled={!me.permissions.manageSystem}>
          Add
        </Button>
      </Row>
      <Text c="dimmed" size="sm">
        Every user belongs to one group; its settings apply from the user's next login.
      </Text>
      <ErrorAlert error={groups.error} />
      {groups.loading && !groups.data && <Loader aria-label="Loading" />}
      {groups.data && <GroupTable groups={groups.data.items} />}
    </Stack>
  );
}

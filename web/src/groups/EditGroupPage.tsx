import { Button, Group as Row, Loader, Stack, Text, Title } from '@mantine/core';
import { getGroup, updateGroup } from '../api/groups';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { DeleteGroupAction } from './DeleteGroupAction';
import { GroupForm } from './GroupForm';
import { groupFormValuesOf } from './groupFormValues';

export function EditGroupPage({ groupId }: { groupId: string }) {
  const { api } = useSession();
  const router = useRouter();
  const group = useApiData(() => getGroup(api, groupId), groupId);
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.groupList} size="sm">
        ← Access Policy Groups
      </ConsoleLink>
      <Title order={2}>Edit Access Policy Group</Title>
      <ErrorAlert error={group.error} />
      {group.loading && !group.data && <Loader aria-label="Loading" />}
      {group.data && (
        <>
          <Row justify="space-between">
            <Text>
              Users:{' '}
              <ConsoleLink to={`${routePaths.userList}?${new URLSearchParams({ groupId }).toString()}`}>
                {group.data.userCount}
              </ConsoleLink>
              {group.data.isDefault && ' · Default group: new users are put in it.'}
            </Text>
            <Button variant="default" onClick={() => router.navigate(routePaths.copyGroup(groupId))}>
              Copy
            </Button>
          </Row>
          <GroupForm
            initialValues={groupFormValuesOf(group.data)}
            onSave={async (settings) => group.setData(await updateGroup(api, groupId, settings))}
          />
          <DeleteGroupAction group={group.data} />
        </>
      )}
    </Stack>
  );
}

import { Loader, Stack, Text, Title } from '@mantine/core';
import { copyGroup, getGroup } from '../api/groups';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { GroupForm } from './GroupForm';
import { groupFormValuesOf } from './groupFormValues';

/** Copy Access Policy Group (SPEC §4): the source's settings, pre-filled, under a new Display Name. */
export function CopyGroupPage({ groupId }: { groupId: string }) {
  const { api } = useSession();
  const router = useRouter();
  const source = useApiData(() => getGroup(api, groupId), groupId);
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.groupList} size="sm">
        ← Access Policy Groups
      </ConsoleLink>
      <Title order={2}>Copy Access Policy Group</Title>
      <ErrorAlert error={source.error} />
      {source.loading && !source.data && <Loader aria-label="Loading" />}
      {source.data && (
        <>
          <Text>Copying: {source.data.displayName}</Text>
          <GroupForm
            initialValues={groupFormValuesOf(source.data, `Copy of ${source.data.displayName}`)}
            onSave={async (settings) => {
              await copyGroup(api, groupId, settings);
              router.navigate(routePaths.groupList);
            }}
          />
        </>
      )}
    </Stack>
  );
}

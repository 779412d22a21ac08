import { Stack, Title } from '@mantine/core';
import { createGroup } from '../api/groups';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { GroupForm } from './GroupForm';
import { newGroupValues } from './groupFormValues';

export function AddGroupPage() {
  const { api } = useSession();
  const router = useRouter();
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.groupList} size="sm">
        ← Access Policy Groups
      </ConsoleLink>
      <Title order={2}>Add Access Policy Group</Title>
      <GroupForm
        initialValues={newGroupValues}
        onSave={async (settings) => {
          await createGroup(api, settings);
          router.navigate(routePaths.groupList);
        }}
      />
    </Stack>
  );
}

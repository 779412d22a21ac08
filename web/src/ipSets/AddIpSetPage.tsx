import { Stack, Title } from '@mantine/core';
import { createIpSet } from '../api/ipSets';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { IpSetForm } from './IpSetForm';

export function AddIpSetPage() {
  const { api } = useSession();
  const router = useRouter();
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.ipSetList} size="sm">
        ← IP Sets
      </ConsoleLink>
      <Title order={2}>Add IP Set</Title>
      <IpSetForm
        initial={{ identifier: '', displayName: '', entries: [] }}
        onSave={async (fields) => {
          await createIpSet(api, fields);
          router.navigate(routePaths.ipSetList);
        }}
      />
    </Stack>
  );
}

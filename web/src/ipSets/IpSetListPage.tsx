import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { listIpSets } from '../api/ipSets';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { IpSetTable } from './IpSetTable';

/** Access Control > IP Sets: named lists of addresses that conditions test with ipset:<identifier>. */
export function IpSetListPage() {
  const { api, me } = useSession();
  const router = useRouter();
  const ipSets = useApiData(() => listIpSets(api), 'ip-sets');
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>IP Sets</Title>
        <Button onClick={() => router.navigate(routePaths.addIpSet)} disabled={!me.permissions.manageSystem}>
          Add
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        Named lists of addresses and ranges; access conditions test them with ipset:&lt;identifier&gt;.
      </Text>
      <ErrorAlert error={ipSets.error} />
      {ipSets.loading && !ipSets.data && <Loader aria-label="Loading" />}
      {ipSets.data && <IpSetTable ipSets={ipSets.data.items} />}
    </Stack>
  );
}

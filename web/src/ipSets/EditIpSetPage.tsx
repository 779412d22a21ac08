import { Loader, Stack, Title } from '@mantine/core';
import { deleteIpSet, getIpSet, updateIpSet } from '../api/ipSets';
import { useApiData } from '../api/useApiData';
import { DeleteAction } from '../components/DeleteAction';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { IpSetForm } from './IpSetForm';

export function EditIpSetPage({ ipSetId }: { ipSetId: string }) {
  const { api, me } = useSession();
  const router = useRouter();
  const ipSet = useApiData(() => getIpSet(api, ipSetId), ipSetId);
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.ipSetList} size="sm">
        ← IP Sets
      </ConsoleLink>
      <Title order={2}>Edit IP Set</Title>
      <ErrorAlert error={ipSet.error} />
      {ipSet.loading && !ipSet.data && <Loader aria-label="Loading" />}
      {ipSet.data && (
        <>
          <IpSetForm
            initial={ipSet.data}
            onSave={async (fields) => ipSet.setData(await updateIpSet(api, ipSetId, fields))}
          />
          <DeleteAction
            title="Delete IP Set"
            message={`Delete the IP Set "${ipSet.data.identifier}"? A set that a condition uses cannot be deleted.`}
            disabled={!me.permissions.manageSystem}
            onDelete={() => deleteIpSet(api, ipSetId)}
            onDeleted={() => router.navigate(routePaths.ipSetList, { replace: true })}
          />
        </>
      )}
    </Stack>
  );
}

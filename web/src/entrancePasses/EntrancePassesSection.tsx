import { Divider, Loader, Stack, Text, Title } from '@mantine/core';
import { listEntrancePasses } from '../api/entrancePasses';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';
import { EntrancePassTable } from './EntrancePassTable';

/** User details, section Entrance Passes (SPEC §5.2): the browsers this user's passes were issued to. */
export function EntrancePassesSection({ userId }: { userId: string }) {
  const { api } = useSession();
  const passes = useApiData(() => listEntrancePasses(api, userId), userId);
  return (
    <section aria-labelledby="entrance-passes-title">
      <Divider mb="sm" />
      <Stack gap="sm">
        <Title order={3} id="entrance-passes-title">
          Entrance Passes
        </Title>
        <Text size="sm" c="dimmed">
          Long-lived cookies that mark a browser as trusted. Revoking one makes that browser untrusted at its next
          login.
        </Text>
        <ErrorAlert error={passes.error} />
        {passes.loading && !passes.data && <Loader aria-label="Loading" />}
        {passes.data && <EntrancePassTable userId={userId} passes={passes.data.items} onRevoked={passes.reload} />}
      </Stack>
    </section>
  );
}

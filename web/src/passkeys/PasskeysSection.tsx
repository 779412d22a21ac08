import { Divider, Loader, Stack, Text, Title } from '@mantine/core';
import { listPasskeys } from '../api/passkeys';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';
import { PasskeyTable } from './PasskeyTable';

/** User details, section Passkeys (SPEC §3.4): the user's passkeys, which an admin can remove (a lost device). */
export function PasskeysSection({ userId }: { userId: string }) {
  const { api } = useSession();
  const passkeys = useApiData(() => listPasskeys(api, userId), userId);
  return (
    <section aria-labelledby="passkeys-title">
      <Divider mb="sm" />
      <Stack gap="sm">
        <Title order={3} id="passkeys-title">
          Passkeys
        </Title>
        <Text size="sm" c="dimmed">
          Passkeys the user added in the portal. Removing one means that device or security key no longer works for this
          account; only the user can add a passkey.
        </Text>
        <ErrorAlert error={passkeys.error} />
        {passkeys.loading && !passkeys.data && <Loader aria-label="Loading" />}
        {passkeys.data && <PasskeyTable userId={userId} passkeys={passkeys.data.items} onRemoved={passkeys.reload} />}
      </Stack>
    </section>
  );
}

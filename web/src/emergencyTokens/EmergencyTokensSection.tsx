import { Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { listEmergencyTokens } from '../api/emergencyTokens';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';
import { AddTokensForm } from './AddTokensForm';
import { EmergencyTokenTable } from './EmergencyTokenTable';

/** User details, section OTP Emergency Tokens (SPEC §3): masked tokens, Copy, Revoke, and Add tokens. */
export function EmergencyTokensSection({ userId }: { userId: string }) {
  const { api } = useSession();
  const tokens = useApiData(() => listEmergencyTokens(api, userId), userId);

  return (
    <section aria-labelledby="emergency-tokens-title">
      <Divider mb="sm" />
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="emergency-tokens-title">
            OTP Emergency Tokens
          </Title>
          {tokens.data && <Text aria-live="polite">{tokens.data.unused} unused</Text>}
        </Group>
        <Text size="sm" c="dimmed">
          Single-use codes that stand in for a one-time password when the user has lost their device.
        </Text>
        <ErrorAlert error={tokens.error} />
        {tokens.loading && !tokens.data && <Loader aria-label="Loading" />}
        {tokens.data && <EmergencyTokenTable userId={userId} tokens={tokens.data.items} onRevoked={tokens.reload} />}
        <AddTokensForm userId={userId} onAdded={tokens.setData} />
      </Stack>
    </section>
  );
}

import { Loader, Stack, Text, Title } from '@mantine/core';
import { getSettings } from '../api/settings';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';
import { DomainSettingsForm } from './DomainSettingsForm';

export function DomainSettingsPage() {
  const { api, me } = useSession();
  const settings = useApiData(() => getSettings(api), 'settings');
  return (
    <Stack>
      <Title order={2}>Domain Settings</Title>
      {!me.permissions.manageSystem && <Text c="dimmed">Only a Global Admin can change these settings.</Text>}
      <ErrorAlert error={settings.error} />
      {settings.loading && !settings.data && <Loader aria-label="Loading" />}
      {settings.data && <DomainSettingsForm settings={settings.data} onSaved={settings.setData} />}
    </Stack>
  );
}

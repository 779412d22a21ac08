import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { listPolicyTemplates } from '../api/policyTemplates';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { PolicyTemplateTable } from './PolicyTemplateTable';

/** Access Control > Access Policy Templates: named conditions that groups refer to as template:<identifier>. */
export function PolicyTemplateListPage() {
  const { api, me } = useSession();
  const router = useRouter();
  const templates = useApiData(() => listPolicyTemplates(api), 'templates');
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>Access Policy Templates</Title>
        <Button onClick={() => router.navigate(routePaths.addTemplate)} disabled={!me.permissions.manageSystem}>
          Add
        </Button>
      </Group>
      <Text c="dimmed" size="sm">
        Named access conditions; a group's condition uses one as template:&lt;identifier&gt; instead of repeating it.
      </Text>
      <ErrorAlert error={templates.error} />
      {templates.loading && !templates.data && <Loader aria-label="Loading" />}
      {templates.data && <PolicyTemplateTable templates={templates.data.items} />}
    </Stack>
  );
}

import { Stack, Title } from '@mantine/core';
import { createPolicyTemplate } from '../api/policyTemplates';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { PolicyTemplateForm } from './PolicyTemplateForm';

export function AddPolicyTemplatePage() {
  const { api } = useSession();
  const router = useRouter();
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.templateList} size="sm">
        ← Access Policy Templates
      </ConsoleLink>
      <Title order={2}>Add Access Policy Template</Title>
      <PolicyTemplateForm
        initial={{ identifier: '', displayName: '', condition: '' }}
        onSave={async (fields) => {
          await createPolicyTemplate(api, fields);
          router.navigate(routePaths.templateList);
        }}
      />
    </Stack>
  );
}

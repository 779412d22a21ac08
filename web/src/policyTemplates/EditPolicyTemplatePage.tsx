import { Loader, Stack, Title } from '@mantine/core';
import { deletePolicyTemplate, getPolicyTemplate, updatePolicyTemplate } from '../api/policyTemplates';
import { useApiData } from '../api/useApiData';
import { DeleteAction } from '../components/DeleteAction';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { PolicyTemplateForm } from './PolicyTemplateForm';

export function EditPolicyTemplatePage({ templateId }: { templateId: string }) {
  const { api, me } = useSession();
  const router = useRouter();
  const template = useApiData(() => getPolicyTemplate(api, templateId), templateId);
  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.templateList} size="sm">
        ← Access Policy Templates
      </ConsoleLink>
      <Title order={2}>Edit Access Policy Template</Title>
      <ErrorAlert error={template.error} />
      {template.loading && !template.data && <Loader aria-label="Loading" />}
      {template.data && (
        <>
          <PolicyTemplateForm
            initial={template.data}
            onSave={async (fields) => template.setData(await updatePolicyTemplate(api, templateId, fields))}
          />
          <DeleteAction
            title="Delete Access Policy Template"
            message={`Delete the Access Policy Template "${template.data.identifier}"? This cannot be undone.`}
            disabled={!me.permissions.manageSystem}
            onDelete={() => deletePolicyTemplate(api, templateId)}
            onDeleted={() => router.navigate(routePaths.templateList, { replace: true })}
          />
        </>
      )}
    </Stack>
  );
}

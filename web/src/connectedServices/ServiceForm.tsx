import type { ConnectedServiceChanges } from '@contract/admin-api';
import { Divider, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { MetadataImportPanel } from './MetadataImportPanel';
import { SamlSettingsFields } from './SamlSettingsFields';
import { ServiceAccessFields } from './ServiceAccessFields';
import { serviceChangesOf, serviceFormFields, type ServiceFormValues, withImportedSaml } from './serviceFormValues';

const NAME_MAX_LENGTH = 256;

interface ServiceFormProps {
  initialValues: ServiceFormValues;
  /** "Add" on the Add page, "Save" on a service's page. */
  submitLabel: string;
  /** Sends the changes; a page that moves on afterwards navigates inside it. */
  onSave: (changes: ConnectedServiceChanges) => Promise<unknown>;
}

/** A SAML service's settings with Import SP metadata above them; the server's messages go under their fields. */
export function ServiceForm({ initialValues, submitLabel, onSave }: ServiceFormProps) {
  const { me } = useSession();
  const [values, setValues] = useState(initialValues);
  const form = useSaveForm(serviceFormFields);

  const change = <F extends keyof ServiceFormValues>(field: F, value: ServiceFormValues[F]) => {
    form.markEdited();
    setValues((current) => ({ ...current, [field]: value }));
  };

  const submit = form.submitWith(async () => {
    await onSave(serviceChangesOf(values));
  });

  return (
    <Stack>
      <MetadataImportPanel
        onImported={({ saml }) => {
          form.markEdited();
          setValues((current) => withImportedSaml(current, saml));
        }}
      />
      <Divider />
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={form.formMessage} />
          <TextInput
            label="Service name"
            description="Shown to users on their portal tile and in the Access Logs."
            required
            withAsterisk={false}
            maxLength={NAME_MAX_LENGTH}
            value={values.name}
            error={form.fieldErrors.name}
            onChange={(event) => change('name', event.currentTarget.value)}
          />
          <SamlSettingsFields values={values} onChange={change} fieldErrors={form.fieldErrors} />
          <ServiceAccessFields
            values={values}
            onChange={(field, value) => change(field, value as ServiceFormValues[typeof field])}
            fieldErrors={form.fieldErrors}
          />
          <FormSaveButtons
            label={submitLabel}
            saving={form.saving}
            saved={form.saved}
            disabled={!me.permissions.manageSystem}
            cancelTo={routePaths.serviceList}
          />
        </Stack>
      </form>
    </Stack>
  );
}

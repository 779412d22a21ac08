import { Stack } from '@mantine/core';
import { useState } from 'react';
import type { EditableGroupSettings } from '../api/groups';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { GroupFormFields } from './GroupFormFields';
import { groupFormFields, groupSettingsOf, type GroupFormValues } from './groupFormValues';

interface GroupFormProps {
  initialValues: GroupFormValues;
  /** Sends the settings; a page that moves on afterwards navigates inside it. */
  onSave: (settings: EditableGroupSettings) => Promise<unknown>;
}

/** The group form with Save: the server's messages go under the field they name. */
export function GroupForm({ initialValues, onSave }: GroupFormProps) {
  const { me } = useSession();
  const [values, setValues] = useState(initialValues);
  const form = useSaveForm(groupFormFields);

  const change = <F extends keyof GroupFormValues>(field: F, value: GroupFormValues[F]) => {
    form.markEdited();
    setValues((current) => ({ ...current, [field]: value }));
  };

  const submit = form.submitWith(async () => {
    await onSave(groupSettingsOf(values));
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={form.formMessage} />
        <GroupFormFields values={values} onChange={change} fieldErrors={form.fieldErrors} />
        <FormSaveButtons
          saving={form.saving}
          saved={form.saved}
          disabled={!me.permissions.manageSystem}
          cancelTo={routePaths.groupList}
        />
      </Stack>
    </form>
  );
}

import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { GroupSettings } from '../api/groups';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { SavedStatus } from '../components/SavedStatus';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { GroupFormFields } from './GroupFormFields';
import { groupFormFields, groupSettingsOf, type GroupFormValues } from './groupFormValues';

interface GroupFormProps {
  initialValues: GroupFormValues;
  /** Sends the settings; a page that moves on afterwards navigates inside it. */
  onSave: (settings: GroupSettings) => Promise<unknown>;
}

/** The group form with Save: the server's messages go under the field they name. */
export function GroupForm({ initialValues, onSave }: GroupFormProps) {
  const { me } = useSession();
  const router = useRouter();
  const [values, setValues] = useState(initialValues);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldErrors, formMessage } = formErrors(error, groupFormFields);

  const change = <F extends keyof GroupFormValues>(field: F, value: GroupFormValues[F]) => {
    setSaved(false);
    setValues((current) => ({ ...current, [field]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      await onSave(groupSettingsOf(values));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={formMessage} />
        <GroupFormFields values={values} onChange={change} fieldErrors={fieldErrors} />
        <Group>
          <Button type="submit" loading={saving} disabled={!me.permissions.manageSystem}>
            Save
          </Button>
          <Button variant="default" onClick={() => router.navigate(routePaths.groupList)}>
            Cancel
          </Button>
          <SavedStatus visible={saved} />
        </Group>
      </Stack>
    </form>
  );
}

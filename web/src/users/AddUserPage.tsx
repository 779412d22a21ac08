import type { CreateUserBody } from '@contract/admin-api';
import { Button, Group, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { createUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import type { GeneratedPasswordState } from './generatedPasswordState';
import { UserProfileFields, userProfileFields, type UserProfileValues } from './UserProfileFields';

const emptyUser: UserProfileValues = {
  loginId: '',
  displayName: '',
  familyName: '',
  givenName: '',
  email: '',
  status: 'enabled',
  role: 'none',
};

export function AddUserPage() {
  const { api, me } = useSession();
  const router = useRouter();
  const [values, setValues] = useState(emptyUser);
  const [password, setPassword] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldErrors, formMessage } = formErrors(error, [...userProfileFields, 'password'] as const);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const created = await createUser(api, toNewUser(values, password));
      // The details screen shows a generated password once, from history state, then forgets it.
      const state: GeneratedPasswordState | null = created.generatedPassword
        ? { generatedPassword: created.generatedPassword }
        : null;
      router.navigate(routePaths.userDetails(created.id), { state });
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack maw={800}>
        <Title order={2}>Add User</Title>
        <ErrorAlert error={formMessage} />
        <UserProfileFields
          values={values}
          onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
          fieldErrors={fieldErrors}
        />
        <TextInput
          type="password"
          label="Password"
          description="Optional. Leave empty to have a password generated; it is shown once after the user is added."
          autoComplete="new-password"
          value={password}
          error={fieldErrors.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={saving} disabled={!me.permissions.manageUsers}>
            Add
          </Button>
          <Button variant="default" onClick={() => router.navigate(routePaths.userList)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function toNewUser(values: UserProfileValues, password: string): CreateUserBody {
  return {
    ...values,
    status: values.status === 'disabled' ? 'disabled' : 'enabled',
    password: password === '' ? undefined : password,
  };
}

import { Button, Group, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { User, UserChanges } from '../api/types';
import { updateUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { useSession } from '../session/Session';
import { AccessPolicyFields } from './AccessPolicyFields';
import { UserProfileFields, userProfileFields, type UserProfileValues } from './UserProfileFields';

interface UserEditFormProps {
  user: User;
  onSaved: (user: User) => void;
}

export function UserEditForm({ user, onSaved }: UserEditFormProps) {
  const { api, me } = useSession();
  const [values, setValues] = useState<UserProfileValues>(() => profileOf(user));
  const [groupId, setGroupId] = useState(user.groupId);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldErrors, formMessage } = formErrors(error, [...userProfileFields, 'groupId'] as const);

  // Unlocking happens outside this form; the status shown must follow it without losing other edits.
  const [statusSeen, setStatusSeen] = useState(user.status);
  if (user.status !== statusSeen) {
    setStatusSeen(user.status);
    setValues((current) => ({ ...current, status: user.status }));
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      const changes = changesBetween(profileOf(user), values);
      if (groupId !== user.groupId) changes.groupId = groupId;
      const updated = await updateUser(api, user.id, changes);
      setValues(profileOf(updated));
      setGroupId(updated.groupId);
      onSaved(updated);
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
        <UserProfileFields
          values={values}
          onChange={(field, value) => {
            setSaved(false);
            setValues((current) => ({ ...current, [field]: value }));
          }}
          fieldErrors={fieldErrors}
        />
        <AccessPolicyFields
          user={user}
          groupId={groupId}
          error={fieldErrors.groupId}
          onChange={(id) => {
            setSaved(false);
            setGroupId(id);
          }}
        />
        <Group>
          <Button type="submit" loading={saving} disabled={!me.permissions.manageUsers}>
            Save Changes
          </Button>
          {saved && (
            <Text c="green" role="status">
              Saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function profileOf(user: User): UserProfileValues {
  const { loginId, displayName, familyName, givenName, email, status, role } = user;
  return { loginId, displayName, familyName, givenName, email, status, role };
}

/** Only what the admin changed, so saving never touches fields someone else edited meanwhile. */
function changesBetween(original: UserProfileValues, edited: UserProfileValues): UserChanges {
  const changes: UserChanges = {};
  if (edited.loginId !== original.loginId) changes.loginId = edited.loginId;
  if (edited.displayName !== original.displayName) changes.displayName = edited.displayName;
  if (edited.familyName !== original.familyName) changes.familyName = edited.familyName;
  if (edited.givenName !== original.givenName) changes.givenName = edited.givenName;
  if (edited.email !== original.email) changes.email = edited.email;
  if (edited.role !== original.role) changes.role = edited.role;
  if (edited.status !== original.status && edited.status !== 'locked') changes.status = edited.status;
  return changes;
}

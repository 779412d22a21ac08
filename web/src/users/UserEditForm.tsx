import type { UpdateUserBody, User } from '@contract/admin-api';
import { Stack } from '@mantine/core';
import { useState } from 'react';
import { updateUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
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
  const form = useSaveForm([...userProfileFields, 'groupId'] as const);

  // Unlocking happens outside this form; the status shown must follow it without losing other edits.
  const [statusSeen, setStatusSeen] = useState(user.status);
  if (user.status !== statusSeen) {
    setStatusSeen(user.status);
    setValues((current) => ({ ...current, status: user.status }));
  }

  const submit = form.submitWith(async () => {
    const changes = changesBetween(profileOf(user), values);
    if (groupId !== user.groupId) changes.groupId = groupId;
    const updated = await updateUser(api, user.id, changes);
    setValues(profileOf(updated));
    setGroupId(updated.groupId);
    onSaved(updated);
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={form.formMessage} />
        <UserProfileFields
          values={values}
          onChange={(field, value) => {
            form.markEdited();
            setValues((current) => ({ ...current, [field]: value }));
          }}
          fieldErrors={form.fieldErrors}
        />
        <AccessPolicyFields
          user={user}
          groupId={groupId}
          error={form.fieldErrors.groupId}
          onChange={(id) => {
            form.markEdited();
            setGroupId(id);
          }}
        />
        <FormSaveButtons
          label="Save Changes"
          saving={form.saving}
          saved={form.saved}
          disabled={!me.permissions.manageUsers}
        />
      </Stack>
    </form>
  );
}

function profileOf(user: User): UserProfileValues {
  const { loginId, displayName, familyName, givenName, email, status, role } = user;
  return { loginId, displayName, familyName, givenName, email, status, role };
}

/** Only what the admin changed, so saving never touches fields someone else edited meanwhile. */
function changesBetween(original: UserProfileValues, edited: UserProfileValues): UpdateUserBody {
  const changes: UpdateUserBody = {};
  if (edited.loginId !== original.loginId) changes.loginId = edited.loginId;
  if (edited.displayName !== original.displayName) changes.displayName = edited.displayName;
  if (edited.familyName !== original.familyName) changes.familyName = edited.familyName;
  if (edited.givenName !== original.givenName) changes.givenName = edited.givenName;
  if (edited.email !== original.email) changes.email = edited.email;
  if (edited.role !== original.role) changes.role = edited.role;
  if (edited.status !== original.status && edited.status !== 'locked') changes.status = edited.status;
  return changes;
}

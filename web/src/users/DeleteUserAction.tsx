import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import type { User } from '../api/types';
import { deleteUser } from '../api/users';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

export function DeleteUserAction({ user }: { user: User }) {
  const { api, me } = useSession();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteUser(api, user.id);
      // Replace, so Back does not lead to the details of a user that no longer exists.
      router.navigate(routePaths.userList, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Stack gap="xs">
      <Button color="red" variant="outline" onClick={() => setConfirming(true)} disabled={!me.permissions.manageUsers}>
        Delete User
      </Button>
      <ErrorAlert error={error} />
      <ConfirmDialog
        opened={confirming}
        title="Delete User"
        message="Delete this user? This cannot be undone."
        confirmLabel="Delete"
        danger
        busy={busy}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      />
    </Stack>
  );
}

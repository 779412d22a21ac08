import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import type { User } from '../api/types';
import { resetPassword } from '../api/users';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';
import { OneTimePasswordNotice } from './OneTimePasswordNotice';

export function ResetPasswordAction({ user }: { user: User }) {
  const { api, me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [newPassword, setNewPassword] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      setNewPassword((await resetPassword(api, user.id)).password);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Stack gap="xs">
      <Button variant="default" onClick={() => setConfirming(true)} disabled={!me.permissions.manageUsers}>
        Reset Password
      </Button>
      <ErrorAlert error={error} />
      {newPassword && <OneTimePasswordNotice title="New password" password={newPassword} />}
      <ConfirmDialog
        opened={confirming}
        title="Reset Password"
        message={`Replace the password of ${user.loginId} with a new generated one? The current password stops working.`}
        confirmLabel="Reset"
        busy={busy}
        onConfirm={reset}
        onCancel={() => setConfirming(false)}
      />
    </Stack>
  );
}

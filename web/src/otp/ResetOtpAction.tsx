import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { resetOtp } from '../api/otp';
import type { User } from '../api/types';
import { getUser } from '../api/users';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

/** Reset OTP: removes the user's OTP registration (their emergency tokens stay). */
export function ResetOtpAction({ user, onReset }: { user: User; onReset: (user: User) => void }) {
  const { api, me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      await resetOtp(api, user.id);
      onReset(await getUser(api, user.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Stack gap="xs">
      <Button color="red" variant="outline" onClick={() => setConfirming(true)} disabled={!me.permissions.manageUsers}>
        Reset OTP
      </Button>
      <ErrorAlert error={error} />
      <ConfirmDialog
        opened={confirming}
        title="Reset OTP"
        message="Remove this user's OTP registration?"
        confirmLabel="Reset OTP"
        danger
        busy={busy}
        onConfirm={reset}
        onCancel={() => setConfirming(false)}
      />
    </Stack>
  );
}

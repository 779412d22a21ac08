import type { User } from '@contract/admin-api';
import { Stack } from '@mantine/core';
import { useState } from 'react';
import { resetPassword } from '../api/users';
import { ConfirmedActionButton } from '../components/ConfirmedActionButton';
import { useSession } from '../session/Session';
import { OneTimePasswordNotice } from './OneTimePasswordNotice';

export function ResetPasswordAction({ user }: { user: User }) {
  const { api, me } = useSession();
  const [newPassword, setNewPassword] = useState<string | null>(null);
  return (
    <Stack gap="xs">
      <ConfirmedActionButton
        label="Reset Password"
        variant="default"
        disabled={!me.permissions.manageUsers}
        title="Reset Password"
        message={`Replace the password of ${user.loginId} with a new generated one? The current password stops working.`}
        confirmLabel="Reset"
        action={async () => setNewPassword((await resetPassword(api, user.id)).password ?? null)}
      />
      {newPassword && <OneTimePasswordNotice title="New password" password={newPassword} />}
    </Stack>
  );
}

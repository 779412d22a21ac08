import type { User } from '@contract/admin-api';
import { Stack } from '@mantine/core';
import { resetOtp } from '../api/otp';
import { getUser } from '../api/users';
import { ConfirmedActionButton } from '../components/ConfirmedActionButton';
import { useSession } from '../session/Session';

/** Reset OTP: removes the user's OTP registration (their emergency tokens stay). */
export function ResetOtpAction({ user, onReset }: { user: User; onReset: (user: User) => void }) {
  const { api, me } = useSession();
  return (
    <Stack gap="xs">
      <ConfirmedActionButton
        label="Reset OTP"
        color="red"
        variant="outline"
        disabled={!me.permissions.manageUsers}
        title="Reset OTP"
        message="Remove this user's OTP registration?"
        confirmLabel="Reset OTP"
        danger
        action={async () => {
          await resetOtp(api, user.id);
          onReset(await getUser(api, user.id));
        }}
      />
    </Stack>
  );
}

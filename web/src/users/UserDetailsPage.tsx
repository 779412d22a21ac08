import { Group, Loader, Stack, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useApiData } from '../api/useApiData';
import { getUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmergencyTokensSection } from '../emergencyTokens/EmergencyTokensSection';
import { EntrancePassesSection } from '../entrancePasses/EntrancePassesSection';
import { OtpSection } from '../otp/OtpSection';
import { PasskeysSection } from '../passkeys/PasskeysSection';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { DeleteUserAction } from './DeleteUserAction';
import { forgetGeneratedPassword, readGeneratedPassword } from './generatedPasswordState';
import { LockoutNotice } from './LockoutNotice';
import { OneTimePasswordNotice } from './OneTimePasswordNotice';
import { ResetPasswordAction } from './ResetPasswordAction';
import { UserActivity } from './UserActivity';
import { UserEditForm } from './UserEditForm';

export function UserDetailsPage({ userId }: { userId: string }) {
  const { api } = useSession();
  const user = useApiData(() => getUser(api, userId), userId);
  const [generatedPassword] = useState(readGeneratedPassword);
  useEffect(forgetGeneratedPassword, []);

  return (
    <Stack maw={900}>
      <ConsoleLink to={routePaths.userList} size="sm">
        ← All users
      </ConsoleLink>
      <Group justify="space-between">
        <Title order={2}>User Details</Title>
        <ConsoleLink to={routePaths.userAccessLogs(userId)}>Access Logs</ConsoleLink>
      </Group>
      {generatedPassword && (
        <OneTimePasswordNotice title="User added. Generated password" password={generatedPassword} />
      )}
      <ErrorAlert error={user.error} />
      {user.loading && !user.data && <Loader aria-label="Loading" />}
      {user.data && (
        <>
          {user.data.status === 'locked' && <LockoutNotice user={user.data} onUnlocked={user.setData} />}
          <UserEditForm user={user.data} onSaved={user.setData} />
          <UserActivity user={user.data} />
          <Group align="flex-start">
            <ResetPasswordAction user={user.data} />
            <DeleteUserAction user={user.data} />
          </Group>
          <OtpSection user={user.data} onChanged={user.setData} />
          <PasskeysSection userId={user.data.id} />
          <EmergencyTokensSection userId={user.data.id} />
          <EntrancePassesSection userId={user.data.id} />
        </>
      )}
    </Stack>
  );
}

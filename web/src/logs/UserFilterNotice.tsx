import { Alert, Anchor } from '@mantine/core';
import { useApiData } from '../api/useApiData';
import { getUser } from '../api/users';
import { useSession } from '../session/Session';

/** Says that the log shows one user's sign-ins (reached from the user details screen), with a way back to all. */
export function UserFilterNotice({ userId, onClear }: { userId: string; onClear: () => void }) {
  const { api } = useSession();
  const user = useApiData(() => getUser(api, userId), userId);
  const who = user.data?.loginId ?? (user.error ? 'a deleted or unknown user' : '…');
  return (
    <Alert color="blue" variant="light">
      Showing the sign-ins of {who}.{' '}
      <Anchor component="button" type="button" onClick={onClear}>
        Show all users
      </Anchor>
    </Alert>
  );
}

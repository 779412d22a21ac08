import type { User } from '@contract/admin-api';
import { Badge, Button, Group, Text } from '@mantine/core';
import { useApiCall } from '../api/useApiCall';
import { unlockUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTimestamp } from '../components/formatTimestamp';
import { useSession } from '../session/Session';
import { statusLabels } from './userLabels';

/** Shown for a locked-out user: the badge, until when, and Unlock. */
export function LockoutNotice({ user, onUnlocked }: { user: User; onUnlocked: (user: User) => void }) {
  const { api, me } = useSession();
  const { busy, error, run } = useApiCall();
  const unlock = () => run(async () => onUnlocked(await unlockUser(api, user.id)));

  return (
    <>
      <Group>
        <Badge color="red" size="lg" tt="none">
          {statusLabels.locked}
        </Badge>
        {user.lockedUntil && <Text size="sm">until {formatTimestamp(user.lockedUntil)}</Text>}
        <Button variant="light" onClick={unlock} loading={busy} disabled={!me.permissions.manageUsers}>
          Unlock
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </>
  );
}

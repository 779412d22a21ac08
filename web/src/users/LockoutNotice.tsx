import { Badge, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { User } from '../api/types';
import { unlockUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTimestamp } from '../components/formatTimestamp';
import { useSession } from '../session/Session';
import { statusLabels } from './userLabels';

/** Shown for a locked-out user: the badge, until when, and Unlock. */
export function LockoutNotice({ user, onUnlocked }: { user: User; onUnlocked: (user: User) => void }) {
  const { api, me } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const unlock = async () => {
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await unlockUser(api, user.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

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

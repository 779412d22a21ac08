import { Button } from '@mantine/core';
import { useState } from 'react';
import { revokeEntrancePass } from '../api/entrancePasses';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

export function RevokePassButton({ userId, passId, onRevoked }: { userId: string; passId: string; onRevoked: () => void }) {
  const { api, me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await revokeEntrancePass(api, userId, passId);
      setConfirming(false);
      onRevoked();
    } catch (failure) {
      setError(failure);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button color="red" variant="subtle" size="xs" onClick={() => setConfirming(true)} disabled={!me.permissions.manageUsers}>
        Revoke
      </Button>
      <ErrorAlert error={error} />
      <ConfirmDialog
        opened={confirming}
        title="Revoke entrance pass"
        message="Revoke this entrance pass? The browser holding it is no longer trusted."
        confirmLabel="Revoke"
        danger
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}

import { Button } from '@mantine/core';
import { useState } from 'react';
import { revokeEmergencyToken } from '../api/emergencyTokens';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';

export function RevokeTokenButton({ userId, tokenId, onRevoked }: { userId: string; tokenId: string; onRevoked: () => void }) {
  const { api, me } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await revokeEmergencyToken(api, userId, tokenId);
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
        title="Revoke token"
        message="Revoke this emergency token? It can no longer be used."
        confirmLabel="Revoke"
        danger
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}

import { Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { revealEmergencyToken } from '../api/emergencyTokens';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from '../session/Session';
import { TokenRevealModal } from './TokenRevealModal';

const COPIED_FEEDBACK_MS = 3000;

/**
 * Copy: fetches the token in clear (the server logs that) and puts it on the clipboard. Where the browser
 * refuses the clipboard (e.g. plain HTTP), the token is shown in a dialog to copy by hand.
 */
export function CopyTokenButton({ userId, tokenId }: { userId: string; tokenId: string }) {
  const { api, me } = useSession();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [shownToken, setShownToken] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), COPIED_FEEDBACK_MS);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    setBusy(true);
    setCopied(false);
    setError(null);
    try {
      const { token } = await revealEmergencyToken(api, userId, tokenId);
      try {
        await navigator.clipboard.writeText(token);
        setCopied(true);
      } catch {
        setShownToken(token);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Group gap={6} wrap="nowrap">
        {copied && (
          <Text size="sm" c="green" role="status">
            Copied.
          </Text>
        )}
        <Button variant="default" size="xs" onClick={copy} loading={busy} disabled={!me.permissions.manageUsers}>
          Copy
        </Button>
      </Group>
      <ErrorAlert error={error} />
      <TokenRevealModal token={shownToken} onClose={() => setShownToken(null)} />
    </>
  );
}

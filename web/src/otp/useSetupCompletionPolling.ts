import type { OtpType } from '@contract/admin-api';
import { useEffect, useEffectEvent } from 'react';
import { ApiError } from '../api/ApiError';
import { getSetupStatus } from '../api/otp';
import { useSession } from '../session/Session';

export const SETUP_POLL_INTERVAL_MS = 2000;
const EXPIRED_MESSAGE = 'This QR code has expired. Start again to get a new one.';

interface PollingHandlers {
  /** The setup was completed elsewhere: by Gatehouse Key scanning the QR code, or in another tab. */
  onCompleted: (otpType: OtpType) => void;
  /** The setup can no longer complete: it expired, or a newer setup replaced it. */
  onEnded: (message: string) => void;
}

/**
 * Asks every 2 s whether a QR code setup has been completed, so the screen shows success without a click
 * (Gatehouse Key registers itself with the server). Stops when `active` turns false, on unmount, and once the
 * setup completed or ended. A failed request (e.g. a network hiccup) is retried at the next tick.
 */
export function useSetupCompletionPolling(
  userId: string,
  setupId: string,
  active: boolean,
  handlers: PollingHandlers,
): void {
  const { api } = useSession();
  const onCompleted = useEffectEvent(handlers.onCompleted);
  const onEnded = useEffectEvent(handlers.onEnded);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: number | undefined;

    const poll = async () => {
      try {
        const answer = await getSetupStatus(api, userId, setupId);
        if (stopped) return;
        if (answer.status === 'completed') return onCompleted(answer.otpType ?? 'gatehouse-key');
        if (answer.status === 'expired') return onEnded(EXPIRED_MESSAGE);
      } catch (failure) {
        if (stopped) return;
        if (failure instanceof ApiError && (failure.status === 404 || failure.status === 410))
          return onEnded(failure.message);
      }
      timer = window.setTimeout(poll, SETUP_POLL_INTERVAL_MS);
    };

    timer = window.setTimeout(poll, SETUP_POLL_INTERVAL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [api, userId, setupId, active]);
}

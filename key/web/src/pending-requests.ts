import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApprovalRequest, KeyProtocolError } from '../../protocol/index.js';
import type { DeviceAccount, StoredAccount } from './accounts.js';
import { DeviceClient } from './device-client.js';
import { errorMessage } from './hooks.js';

export const POLL_INTERVAL_MS = 2000;

/**
 * The last answer for one enrolled account: its pending requests, or why they could not be fetched. `halted`: the
 * server refused the device itself (replaced, or a clock far off), so polling stopped until `resume`; every refusal
 * is logged by the server, and asking again every 2 s would only fill its logs.
 */
export type AccountPoll =
  | { items: ApprovalRequest[]; error?: undefined; halted?: undefined }
  | { items?: undefined; error: string; halted: boolean };

/**
 * Polls the pending sign-in requests of every enrolled account every 2 s while the page is visible (a hidden page
 * does not poll; it catches up the moment it is shown again). `refresh` polls at once, e.g. after a decision.
 */
export function usePendingRequests(accounts: readonly StoredAccount[]): {
  polls: ReadonlyMap<string, AccountPoll>;
  refresh: () => void;
  resume: (accountId: string) => void;
} {
  const [polls, setPolls] = useState<ReadonlyMap<string, AccountPoll>>(new Map());
  const pollNow = useRef<() => void>(() => undefined);
  const halted = useRef(new Map<string, string>());

  useEffect(() => {
    const devices = accounts.filter((account): account is DeviceAccount => account.kind === 'device');
    if (devices.length === 0) {
      setPolls(new Map());
      return;
    }
    const clients = devices.map((device) => [device.id, new DeviceClient(device)] as const);
    let stopped = false;
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const poll = async () => {
      clearTimeout(timer);
      timer = undefined;
      if (stopped || document.visibilityState !== 'visible') return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      const answers = await Promise.all(
        clients
          .filter(([id]) => !halted.current.has(id))
          .map(async ([id, client]): Promise<[string, AccountPoll]> => {
            try {
              return [id, { items: await client.listRequests() }];
            } catch (error) {
              if (error instanceof KeyProtocolError && error.status === 401) halted.current.set(id, error.message);
              return [id, { error: errorMessage(error), halted: false }];
            }
          }),
      );
      inFlight = false;
      if (stopped) return;
      const next = new Map(answers);
      for (const [id] of clients) {
        const reason = halted.current.get(id);
        if (reason !== undefined) next.set(id, { error: reason, halted: true });
      }
      setPolls(next);
      if (again) {
        again = false;
        void poll();
      } else if (document.visibilityState === 'visible') {
        timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
      }
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === 'visible') void poll();
      else {
        clearTimeout(timer);
        timer = undefined;
      }
    };

    pollNow.current = () => void poll();
    document.addEventListener('visibilitychange', onVisibilityChange);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      pollNow.current = () => undefined;
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [accounts]);

  const refresh = useCallback(() => pollNow.current(), []);
  const resume = useCallback((accountId: string) => {
    halted.current.delete(accountId);
    pollNow.current();
  }, []);
  return { polls, refresh, resume };
}

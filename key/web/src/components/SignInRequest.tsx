import { useState } from 'react';
import { type ApprovalRequest, type Decision, KeyProtocolError } from '../../../protocol/index.js';
import { accountName, type DeviceAccount } from '../accounts.js';
import { DeviceClient } from '../device-client.js';
import { errorMessage } from '../hooks.js';

/** How a request ended on this device; shown after it has left the pending list. */
export interface Outcome {
  requestId: string;
  kind: 'accepted' | 'rejected' | 'failed';
  summary: string;
  detail: string;
}

interface Props {
  account: DeviceAccount;
  request: ApprovalRequest;
  now: number;
  onAnswered: (outcome: Outcome) => void;
}

/** A pending sign-in: where it comes from, the three numbers, Accept and Reject (SPEC §3.3, protocol §4). */
export function SignInRequest({ account, request, now, onAnswered }: Props) {
  const [chosen, setChosen] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const secondsLeft = Math.max(0, Math.floor((Date.parse(request.expiresAt) - now) / 1000));
  const from = `${request.service} from ${request.ip}`;

  const answer = async (decision: Decision) => {
    setBusy(true);
    setError(undefined);
    try {
      const status = await new DeviceClient(account).decide(
        request.id,
        decision,
        decision === 'accept' ? chosen : undefined,
      );
      onAnswered(
        status === 'accepted'
          ? {
              requestId: request.id,
              kind: 'accepted',
              summary: 'Accepted',
              detail: `The sign-in to ${from} continues in the browser.`,
            }
          : {
              requestId: request.id,
              kind: 'rejected',
              summary: 'Rejected',
              detail: `The sign-in to ${from} was refused.`,
            },
      );
    } catch (failure) {
      // Status 0: the server was not reached, so the request may still be open; let the user try again.
      if (failure instanceof KeyProtocolError && failure.status !== 0) {
        onAnswered({ requestId: request.id, kind: 'failed', summary: failure.message, detail: `Sign-in to ${from}.` });
      } else {
        setError(errorMessage(failure));
        setBusy(false);
      }
    }
  };

  return (
    <article className="card request" aria-label={`Sign-in request from ${request.ip}`}>
      <h3>Sign-in to {request.service}</h3>
      <dl className="facts">
        <dt>Account</dt>
        <dd>{accountName(account)}</dd>
        <dt>IP address</dt>
        <dd>{request.ip}</dd>
        <dt>Time</dt>
        <dd>
          <time dateTime={request.createdAt}>{new Date(request.createdAt).toLocaleTimeString()}</time>
        </dd>
        {request.userAgent && (
          <>
            <dt>Browser</dt>
            <dd title={request.userAgent}>{describeUserAgent(request.userAgent)}</dd>
          </>
        )}
      </dl>
      <p id={`choose-${request.id}`}>Choose the number shown in the browser:</p>
      <div className="choices" role="group" aria-labelledby={`choose-${request.id}`}>
        {request.choices.map((choice) => (
          <button
            key={choice}
            type="button"
            className="choice"
            aria-pressed={chosen === choice}
            disabled={busy}
            onClick={() => setChosen(choice)}
          >
            {choice}
          </button>
        ))}
      </div>
      <div className="actions">
        <button type="button" disabled={busy || chosen === undefined} onClick={() => void answer('accept')}>
          Accept
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void answer('reject')}>
          Reject
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small-text">{secondsLeft > 0 ? `Expires in ${secondsLeft} s` : 'Expired'}</p>
    </article>
  );
}

export function OutcomeNotice({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  return (
    <div
      className={outcome.kind === 'failed' ? 'card outcome error' : `card outcome ${outcome.kind}`}
      role={outcome.kind === 'failed' ? 'alert' : 'status'}
    >
      <p className="outcome-summary">{outcome.summary}</p>
      <p className="small-text">{outcome.detail}</p>
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** "Chrome 126 on Linux": enough to recognise one's own browser without reading the whole header. */
export function describeUserAgent(userAgent: string): string {
  const browser =
    /\b(Edg|Firefox|OPR)\/(\d+)/.exec(userAgent) ??
    /\b(?:Headless)?(Chrome)\/(\d+)/.exec(userAgent) ??
    /Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?(Safari)/.exec(userAgent);
  const names: Record<string, string> = { Edg: 'Edge', OPR: 'Opera' };
  let name: string | undefined;
  if (browser)
    name = browser[2] === 'Safari' ? `Safari ${browser[1]}` : `${names[browser[1]!] ?? browser[1]} ${browser[2]}`;
  const os = /Windows|Android|iPhone|iPad|Mac OS X|CrOS|Linux/.exec(userAgent)?.[0];
  const osNames: Record<string, string> = { 'Mac OS X': 'macOS', CrOS: 'ChromeOS' };
  if (!name) return userAgent.slice(0, 80);
  return os ? `${name} on ${osNames[os] ?? os}` : name;
}

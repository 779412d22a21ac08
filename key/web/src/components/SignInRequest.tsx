import { type FormEvent, useState } from 'react';
import { type Decision, type DecisionStatus, KeyProtocolError, type ApprovalRequest } from '../../../protocol/index.js';
import { accountName, type DeviceAccount } from '../accounts.js';
import { DeviceClient } from '../device-client.js';
import { errorMessage } from '../hooks.js';

/** How a request ended on this device; shown after it has left the pending list. */
export interface Outcome {
  requestId: string;
  kind: DecisionStatus | 'failed';
  summary: string;
  detail: string;
}

interface Props {
  account: DeviceAccount;
  request: ApprovalRequest;
  now: number;
  onAnswered: (outcome: Outcome) => void;
}

const SUMMARIES: Record<DecisionStatus, { summary: string; detail: (from: string) => string }> = {
  accepted: { summary: 'Accepted', detail: (from) => `The sign-in to ${from} continues in the browser.` },
  rejected: { summary: 'Rejected', detail: (from) => `The sign-in to ${from} was refused.` },
  reported: {
    summary: 'Reported',
    detail: (from) => `The sign-in to ${from} was refused and flagged for your administrators.`,
  },
};

/**
 * A pending sign-in: where it comes from, a field for the number the browser shows, and Accept, Reject and This
 * wasn't me (SPEC §3.3, protocol §4). The number is typed, never picked from a list: a user who does not see the
 * browser cannot accept its sign-in.
 */
export function SignInRequest({ account, request, now, onAnswered }: Props) {
  const [number, setNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const secondsLeft = Math.max(0, Math.floor((Date.parse(request.expiresAt) - now) / 1000));
  const from = `${request.service} from ${request.ip}`;
  const numberId = `number-${request.id}`;
  const typed = /^\d{1,2}$/.test(number.trim());

  const answer = async (decision: Decision) => {
    setBusy(true);
    setError(undefined);
    try {
      const status = await new DeviceClient(account).decide(request.id, decision);
      onAnswered({ requestId: request.id, kind: status, ...summaryOf(status, from) });
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
  const accept = (event: FormEvent) => {
    event.preventDefault();
    if (typed) void answer({ decision: 'accept', number: Number(number.trim()) });
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
      <form onSubmit={accept}>
        <label htmlFor={numberId}>Number shown in the browser</label>
        <input
          id={numberId}
          className="approval-number"
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={2}
          autoComplete="off"
          enterKeyHint="done"
          value={number}
          disabled={busy}
          onChange={(event) => setNumber(event.target.value.replace(/\D/g, ''))}
        />
        <div className="actions">
          <button type="submit" disabled={busy || !typed}>
            Accept
          </button>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void answer({ decision: 'reject' })}
          >
            Reject
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void answer({ decision: 'not-me' })}>
            This wasn&apos;t me
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small-text">{secondsLeft > 0 ? `Expires in ${secondsLeft} s` : 'Expired'}</p>
    </article>
  );
}

function summaryOf(status: DecisionStatus, from: string): Pick<Outcome, 'summary' | 'detail'> {
  const { summary, detail } = SUMMARIES[status];
  return { summary, detail: detail(from) };
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

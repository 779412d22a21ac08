import { useState } from 'react';
import { secondsLeftInStep, TOTP_PERIOD_SECONDS } from '../../../protocol/index.js';
import { accountName, type StoredAccount } from '../accounts.js';
import type { AccountPoll } from '../pending-requests.js';
import { AddPasskeyLink } from './AddPasskeyLink.js';

interface Props {
  account: StoredAccount;
  code: string | undefined;
  now: number;
  poll: AccountPoll | undefined;
  onRemove: (account: StoredAccount) => Promise<void>;
  onCheckAgain: (account: StoredAccount) => void;
}

/** One account: its current code with the seconds left, whether sign-ins can be approved here, and Remove. */
export function AccountCard({ account, code, now, poll, onRemove, onCheckAgain }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const secondsLeft = secondsLeftInStep(now);

  const copy = async () => {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (no permission): the code is on screen to type.
    }
  };

  return (
    <article className="card account" aria-label={accountName(account)}>
      <header className="account-head">
        <div>
          <h3 className="issuer">{account.issuer || 'Account'}</h3>
          <p className="login-id">{account.loginId}</p>
        </div>
        <span className={account.kind === 'device' ? 'badge' : 'badge plain'}>
          {account.kind === 'device' ? 'Approves sign-ins' : 'Codes only'}
        </span>
      </header>

      <div className="code-row">
        <p className="code" aria-live="off">
          {code ? (
            <>
              <span>{code.slice(0, 3)}</span>
              <span>{code.slice(3)}</span>
            </>
          ) : (
            '······'
          )}
        </p>
        <button type="button" className="secondary small" onClick={() => void copy()} disabled={!code}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <progress
        className="countdown"
        max={TOTP_PERIOD_SECONDS}
        value={secondsLeft}
        aria-label="Time left for this code"
      />
      <p className="muted small-text">Next code in {secondsLeft} s</p>

      {account.kind === 'device' && (
        <>
          <p className="muted small-text">
            This browser is registered as “{account.deviceName}” with {new URL(account.apiBase).host}.
          </p>
          <AddPasskeyLink account={account} />
        </>
      )}
      {poll?.error && (
        <div className="error small-text" role="alert">
          <p>Sign-in requests could not be checked: {poll.error}</p>
          {poll.halted && (
            <button type="button" className="link" onClick={() => onCheckAgain(account)}>
              Check again
            </button>
          )}
        </div>
      )}

      {confirming ? (
        <div className="confirm" role="group" aria-label="Remove account">
          <p>
            Remove {account.loginId} from this app?{' '}
            {account.kind === 'device'
              ? 'Its device key and codes are deleted from this browser: sign-ins can no longer be approved here. Register a new QR code (OTP Settings) before you next sign in.'
              : 'Its codes will no longer be shown here.'}
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void onRemove(account)}>
              Remove
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="link" onClick={() => setConfirming(true)}>
          Remove account
        </button>
      )}
    </article>
  );
}

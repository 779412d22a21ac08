import type { PushState } from '../../services/sign-in/sign-in-outcome.js';
import { html, page } from './html.js';
import { passkeyOffer, passkeyScripts } from './passkey-offer.js';

export interface KeyApprovalModel {
  title: string;
  domain: string;
  csrfToken: string;
  state: PushState;
  number: number | null;
  canRequestAgain: boolean;
  /** The user has a passkey: "Use a passkey" is offered first (issue 12). */
  passkeyOffered?: boolean;
  error?: string;
}

/**
 * SPEC §5.1 step 4 for Gatehouse Key users: the number to type into the device. A small same-origin script
 * (allowed by the CSP) polls and moves on by itself; without JavaScript, "Continue" does the same. After a
 * failed request the user may send another (at most three per login) or type a code instead.
 */
export function renderKeyApproval(m: KeyApprovalModel): string {
  const base = `/portal/${m.domain}/login/otp`;
  const waiting = m.state === 'pending' && m.number !== null;
  return page(
    m.title,
    html`<h1>Approve login on your device</h1>
<p class="muted">${m.domain}</p>
${m.error ? html`<p class="error" role="alert">${m.error}</p>` : ''}
${m.passkeyOffered ? passkeyOffer(base, m.csrfToken) : ''}
${
  waiting
    ? html`<p>Open Gatehouse Key and type this number:</p>
<p class="approval-number" id="approval-number">${String(m.number)}</p>
<p class="muted" role="status">Waiting for your answer…</p>
<form method="post" action="${base}/push" id="approval-form" data-status-url="${base}/push-status">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <button type="submit" class="secondary">Continue</button>
</form>
<script src="/static/key-approval.js"></script>`
    : m.canRequestAgain
      ? html`<form method="post" action="${base}/push-retry">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <button type="submit">Send a new request</button>
</form>`
      : ''
}
<p><a href="${base}?code=1">Enter a code instead</a></p>
<p><a href="/portal/${m.domain}/login">Start again</a></p>
${m.passkeyOffered ? passkeyScripts() : ''}`,
  );
}

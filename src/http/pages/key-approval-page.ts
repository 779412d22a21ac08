import { html, page } from './html.js';

export interface KeyApprovalModel {
  title: string;
  domain: string;
  csrfToken: string;
  number: number;
  status: 'pending' | 'expired';
}

/**
 * SPEC §5.1 step 4 for Gatehouse Key users: the number to pick on the device. A small same-origin script
 * (allowed by the CSP) polls and moves on by itself; without JavaScript, "Continue" does the same.
 */
export function renderKeyApproval(m: KeyApprovalModel): string {
  const base = `/portal/${m.domain}/login/otp`;
  return page(
    m.title,
    html`<h1>Approve login on your device</h1>
      <p class="muted">${m.domain}</p>
      ${
        m.status === 'expired'
          ? html`<p class="error" role="alert">The request expired before it was answered.</p>
              <form method="post" action="${base}/push-retry">
                <input type="hidden" name="_csrf" value="${m.csrfToken}" />
                <button type="submit">Send a new request</button>
              </form>`
          : html`<p>Open Gatehouse Key and choose this number:</p>
              <p class="approval-number" id="approval-number">${String(m.number)}</p>
              <p class="muted" role="status">Waiting for your answer…</p>
              <form method="post" action="${base}/push" id="approval-form" data-status-url="${base}/push-status">
                <input type="hidden" name="_csrf" value="${m.csrfToken}" />
                <button type="submit" class="secondary">Continue</button>
              </form>
              <script src="/static/key-approval.js"></script>`
      }
      <p><a href="${base}?code=1">Enter a code instead</a></p>
      <p><a href="/portal/${m.domain}/login">Start again</a></p>`,
  );
}

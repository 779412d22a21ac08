import { html, page } from './html.js';
import { passkeyOffer, passkeyScripts } from './passkey-offer.js';

export interface OtpChallengeModel {
  title: string;
  domain: string;
  csrfToken: string;
  /** The user's OTP Type; `none` when only an emergency token can answer. */
  otpType: string;
  maskedEmail?: string;
  /** The user has a passkey: "Use a passkey" comes first (issue 12). */
  passkeyOffered?: boolean;
  /** Phishing-resistant sign-in for admins (SPEC §3.4): "Use a passkey" only, no code input. */
  passkeyOnly?: boolean;
  /** The same rule, for an admin with no passkey yet: this step is followed by adding one. */
  passkeySetupNext?: boolean;
  error?: string;
  notice?: string;
}

/** SPEC §5.1 step 4: the One-Time Password input, which also takes an emergency token. */
export function renderOtpChallenge(m: OtpChallengeModel): string {
  const base = `/portal/${m.domain}/login/otp`;
  if (m.passkeyOnly) return renderPasskeyOnly(m, base);
  const hint =
    m.otpType === 'email'
      ? html`<p>We sent a 6-digit code to <strong>${m.maskedEmail ?? ''}</strong>. It is valid for 5 minutes.</p>`
      : m.otpType === 'none'
        ? html`<p>Enter one of your OTP emergency tokens.</p>`
        : html`<p>Enter the 6-digit code shown in your authenticator app.</p>`;
  return page(
    m.title,
    html`<h1>One-Time Password</h1>
<p class="muted">${m.domain}</p>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${m.error ? html`<p class="error" role="alert">${m.error}</p>` : ''}
${m.passkeySetupNext ? html`<p class="notice">Administrators must now sign in with a passkey. After this step, you will add one.</p>` : ''}
${m.passkeyOffered ? passkeyOffer(base, m.csrfToken) : ''}
${hint}
<form method="post" action="${base}">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <label for="code">One-Time Password</label>
  <input id="code" name="code" type="text" autocomplete="one-time-code" maxlength="32" required autofocus>
  <button type="submit">Verify</button>
</form>
${
  m.otpType === 'email'
    ? html`<form method="post" action="${base}/resend">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <button type="submit" class="secondary">Resend</button>
</form>`
    : ''
}
<p class="muted">Lost your device? An OTP emergency token works in the same field.</p>
<p><a href="/portal/${m.domain}/login">Start again</a></p>
${m.passkeyOffered ? passkeyScripts() : ''}`,
  );
}

/** The OTP step of an administrator who must sign in with a passkey: nothing that could be phished is offered. */
function renderPasskeyOnly(m: OtpChallengeModel, base: string): string {
  return page(
    m.title,
    html`<h1>Use a passkey</h1>
<p class="muted">${m.domain}</p>
${m.error ? html`<p class="error" role="alert">${m.error}</p>` : ''}
<p>Administrators of this domain sign in with a passkey.</p>
${passkeyOffer(base, m.csrfToken, false)}
<noscript><p class="error">Signing in with a passkey needs JavaScript.</p></noscript>
<p><a href="/portal/${m.domain}/login">Start again</a></p>
${passkeyScripts()}`,
  );
}

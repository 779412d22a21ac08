import { OTP_TYPE_LABELS, type OtpType } from '../../core/otp/otp-types.js';
import { html, page, SafeHtml } from './html.js';
import { portalNav, type PortalFrame } from './portal-pages.js';

export function renderOtpSettings(f: PortalFrame, otpType: OtpType, otpEmail: string, canConfigure: boolean): string {
  return page(
    'OTP Settings',
    html`${portalNav(f)}
<h1>OTP Settings</h1>
<p>OTP Type: <strong id="otp-type">${OTP_TYPE_LABELS[otpType]}</strong>${otpType === 'email' ? html` (${otpEmail})` : ''}</p>
${
  canConfigure
    ? html`<p><a class="button" href="/portal/${f.domain}/otp/setup">Configure OTP</a></p>`
    : html`<p class="muted">Your administrator manages your OTP settings.</p>`
}`,
  );
}

/**
 * The OTP setup pages serve two places: the portal (OTP Settings → Configure OTP) and the forced setup of an
 * administrator during sign-in (SPEC §5.3). `base` is where their forms post; `header` what stands above them.
 */
export interface OtpSetupFrame {
  base: string;
  header: SafeHtml;
  csrfToken: string;
  /** Where "Back" leads after success. */
  doneHref: string;
  doneLabel: string;
}

export function portalSetupFrame(f: PortalFrame): OtpSetupFrame {
  return {
    base: `/portal/${f.domain}/otp/setup`,
    header: portalNav(f),
    csrfToken: f.csrfToken,
    doneHref: `/portal/${f.domain}/`,
    doneLabel: 'Back to the portal',
  };
}

export function renderOtpChoice(f: OtpSetupFrame, error?: string): string {
  return page(
    'OTP setup',
    html`${f.header}
<h1>OTP setup</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>Choose how you want to receive one-time passwords.</p>
<form method="post" action="${f.base}/totp">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <button type="submit">Gatehouse Key</button>
  <p class="muted">Also for other authenticator apps, such as Google Authenticator.</p>
</form>
<p><a class="button" href="${f.base}/email">Email</a></p>`,
  );
}

export function renderEmailAddressForm(f: OtpSetupFrame, email: string, error?: string): string {
  return page(
    'OTP setup',
    html`${f.header}
<h1>OTP setup: Email</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="${f.base}/email">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="${email}">
  <button type="submit">Confirm</button>
</form>`,
  );
}

function codeForm(f: OtpSetupFrame, setupId: string): SafeHtml {
  return html`<form method="post" action="${f.base}/${setupId}/confirm">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <label for="code">One-Time Password</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
  <button type="submit">Confirm</button>
</form>`;
}

export interface QrSetupModel {
  setupId: string;
  qrSvg: string;
  expiresAt: number;
  error?: string;
}

/** The QR code and, for other apps, the code form behind a disclosure that works without JavaScript. */
export function renderQrSetup(f: OtpSetupFrame, m: QrSetupModel): string {
  return page(
    'OTP setup',
    html`${f.header}
<h1>OTP setup: Gatehouse Key</h1>
${m.error ? html`<p class="error" role="alert">${m.error}</p>` : ''}
<p>Scan this QR code with Gatehouse Key or another authenticator app. It is valid for 10 minutes (until ${new Date(m.expiresAt).toISOString().slice(11, 16)} UTC).</p>
<div class="qr" role="img" aria-label="QR code" data-testid="otp-qr">${new SafeHtml(m.qrSvg)}</div>
<p><a href="${f.base}/${m.setupId}/qr.png">Download as PNG</a></p>
<details ${m.error ? html`open` : ''}>
  <summary>For apps other than Gatehouse Key</summary>
  <p>Enter the code your app shows.</p>
  ${codeForm(f, m.setupId)}
</details>`,
  );
}

export function renderEmailCodeForm(
  f: OtpSetupFrame,
  setupId: string,
  email: string,
  error?: string,
  notice?: string,
): string {
  return page(
    'OTP setup',
    html`${f.header}
<h1>OTP setup: Email</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>We sent a 6-digit code to <strong>${email}</strong>. It is valid for 5 minutes.</p>
${codeForm(f, setupId)}
<form method="post" action="${f.base}/${setupId}/resend">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <button type="submit" class="secondary">Resend</button>
</form>`,
  );
}

export function renderOtpEnabled(f: OtpSetupFrame, otpType: OtpType): string {
  return page(
    'OTP setup',
    html`${f.header}
<h1>OTP setup complete</h1>
<p class="notice" role="status">Success. OTP is now enabled.</p>
<p>OTP Type: <strong>${OTP_TYPE_LABELS[otpType]}</strong>. From now on, sign-ins that require OTP will ask for it.</p>
<p><a href="${f.doneHref}">${f.doneLabel}</a></p>`,
  );
}

import { MAX_PASSKEY_NAME_LENGTH } from '../../core/passkey-rules.js';
import { html, page } from './html.js';

export interface PasskeySetupModel {
  title: string;
  domain: string;
  csrfToken: string;
}

/**
 * Forced passkey setup at sign-in (SPEC §3.4): an admin who must sign in with a passkey and has none adds one here,
 * after their usual OTP, before reaching anything else. The portal's own script (/static/passkeys.js) runs the
 * ceremony; it goes on to the OTP step, where the new passkey answers.
 */
export function renderPasskeySetup(m: PasskeySetupModel): string {
  const base = `/portal/${m.domain}/login/passkey-setup`;
  return page(
    m.title,
    html`<h1>Add a passkey</h1>
<p class="muted">${m.domain}</p>
<p class="notice" role="status">Administrators must sign in with a passkey. Add one now to continue.</p>
<form id="add-passkey-form" data-csrf="${m.csrfToken}" data-options-url="${base}/options" data-register-url="${base}" data-done-url="/portal/${m.domain}/login/otp">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <label for="passkey-name">Passkey name</label>
  <input type="text" id="passkey-name" name="name" maxlength="${String(MAX_PASSKEY_NAME_LENGTH)}" placeholder="Work laptop" required>
  <button type="submit">Add a passkey</button>
</form>
<p id="passkey-status" role="status"></p>
<noscript><p class="error">Adding a passkey needs JavaScript.</p></noscript>
<p><a href="/portal/${m.domain}/login">Start again</a></p>
<script src="/static/vendor/simplewebauthn-browser.js"></script>
<script src="/static/passkeys.js"></script>`,
  );
}

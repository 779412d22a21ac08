import { html, page } from './html.js';

export interface LoginPageModel {
  title: string;
  domain: string;
  csrfToken: string;
  next: string;
  loginId: string;
  showKeepMeLoggedIn: boolean;
  keepMeLoggedIn: boolean;
  /** Some group of the tenant allows passkeys without a password: **Sign in with a passkey**, and autofill. */
  passkeyOffered?: boolean;
  error?: string;
  notice?: string;
}

export function renderLoginPage(m: LoginPageModel): string {
  const base = `/portal/${m.domain}/login`;
  // "webauthn" lets the browser list passkeys among the saved login IDs (autofill); it means nothing where none can sign in.
  const autocomplete = m.passkeyOffered ? 'username webauthn' : 'username';
  return page(
    m.title,
    html`<h1>${m.title}</h1>
<p class="muted">${m.domain}</p>
${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
${m.error ? html`<p class="error" role="alert">${m.error}</p>` : ''}
<form id="login-form" method="post" action="${base}" autocomplete="on">
  <input type="hidden" name="_csrf" value="${m.csrfToken}">
  <input type="hidden" name="next" value="${m.next}">
  <label for="loginId">Login ID</label>
  <input id="loginId" name="loginId" type="text" inputmode="email" autocomplete="${autocomplete}" maxlength="254" required value="${m.loginId}" ${m.loginId ? '' : html`autofocus`}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required ${m.loginId ? html`autofocus` : ''}>
  ${
    m.showKeepMeLoggedIn
      ? html`<label class="check"><input type="checkbox" name="keepMeLoggedIn" value="yes" ${m.keepMeLoggedIn ? html`checked` : ''}> Keep me logged in</label>`
      : ''
  }
  <button type="submit">Log in</button>
</form>
${m.passkeyOffered ? passwordlessOffer(base, m.csrfToken, m.next) : ''}`,
  );
}

/**
 * **Sign in with a passkey**: /static/passwordless-sign-in.js asks for options (JSON, CSRF header), runs the browser's
 * ceremony (from the button, or from the Login ID's autofill) and submits this form with the answer, so the outcome is
 * rendered like the login form's. Hidden, with its scripts unused, where the browser has no script or no WebAuthn.
 */
function passwordlessOffer(base: string, csrfToken: string, next: string) {
  return html`<form id="passwordless-form" method="post" action="${base}/passkey" data-options-url="${base}/passkey/options" data-csrf="${csrfToken}" hidden>
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <input type="hidden" name="next" value="${next}">
  <input type="hidden" name="keepMeLoggedIn" value="">
  <input type="hidden" name="response" value="">
  <p class="muted">Or, without a password:</p>
  <button type="submit" class="secondary">Sign in with a passkey</button>
  <p id="passwordless-status" class="muted"></p>
</form>
<script src="/static/vendor/simplewebauthn-browser.js"></script>
<script src="/static/passwordless-sign-in.js"></script>`;
}

import { html } from './html.js';

/**
 * "Use a passkey": /static/passkey-sign-in.js asks for options (JSON, CSRF header), runs the browser's ceremony and
 * submits this form with the assertion, so the answer is rendered like a typed code's. Without script it stays hidden.
 */
export function passkeyOffer(base: string, csrfToken: string, orCode = true) {
  return html`<form id="passkey-sign-in-form" method="post" action="${base}/passkey" data-options-url="${base}/passkey/options" data-csrf="${csrfToken}" hidden>
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <input type="hidden" name="response" value="">
  <button type="submit">Use a passkey</button>
  <p id="passkey-sign-in-status" class="muted"></p>
  ${orCode ? html`<p class="muted">Or enter a one-time password:</p>` : ''}
</form>`;
}

/** After the rest of the page: @simplewebauthn/browser's bundle, then the script that uses it. */
export function passkeyScripts() {
  return html`<script src="/static/vendor/simplewebauthn-browser.js"></script>
<script src="/static/passkey-sign-in.js"></script>`;
}

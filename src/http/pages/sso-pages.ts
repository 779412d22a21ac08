import { OIDC_MESSAGES, SSO_MESSAGES } from '../../core/messages.js';
import { html, page } from './html.js';

/**
 * A refused single sign-on: the fixed first line, then why, for the user (SPEC §6). Nothing goes to a SAML service;
 * an OpenID Connect client is told `access_denied` if the user follows `returnTo` back to it.
 */
export function renderSsoRefusal(serviceName: string | undefined, why: string, returnTo?: string): string {
  return page(
    SSO_MESSAGES.notAllowed,
    html`<h1>${SSO_MESSAGES.notAllowed}</h1>
${serviceName ? html`<p class="service">${serviceName}</p>` : ''}
<p role="alert">${why}</p>
${returnTo ? html`<p><a href="${returnTo}">${OIDC_MESSAGES.returnToService}</a></p>` : ''}
<p><a href="/">Back to the start page</a></p>`,
  );
}

/**
 * The answer to a service, carried by the browser as an HTTP POST form (SAML HTTP-POST binding). A script from
 * our own origin submits it at once; without scripts the user presses Continue.
 */
export function renderAutoPost(target: { url: string; serviceName: string; fields: Record<string, string> }): string {
  const inputs = Object.entries(target.fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return page(
    `Signing in to ${target.serviceName}`,
    html`<h1>Signing in to ${target.serviceName}</h1>
<form id="sso-post" method="post" action="${target.url}">${inputs}<button type="submit">${SSO_MESSAGES.continueTo}</button></form>
<script src="/static/sso-post.js"></script>`,
  );
}

/** A service signed the user out (SAML single logout) and has no address to be told back at. */
export function renderSignedOut(): string {
  return page(
    SSO_MESSAGES.signedOut,
    html`<h1>${SSO_MESSAGES.signedOut}</h1><p><a href="/">Back to the start page</a></p>`,
  );
}

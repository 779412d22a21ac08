import { OIDC_MESSAGES, SSO_MESSAGES } from '../../core/messages.js';
import { renderErrorPage } from './error-page.js';
import { html, page, SafeHtml } from './html.js';
import { renderSignedOut } from './sso-pages.js';

/** The pages the OpenID Provider engine shows, in Gatehouse's frame and under its strict CSP (no inline script). */
export interface OidcPages {
  error(status: number, error: string, description: string | undefined): string;
  /** RP-initiated logout asks the user; `form` is the engine's form (its action and anti-forgery field). */
  logoutConfirmation(form: string, clientName: string | undefined): string;
  signedOut(): string;
}

/** What an OAuth error code means to a person, for the page the browser is left on. */
const ERROR_TEXTS: Record<string, string> = {
  invalid_request: OIDC_MESSAGES.invalidRequest,
  invalid_client: OIDC_MESSAGES.invalidClient,
  invalid_redirect_uri: OIDC_MESSAGES.invalidRedirectUri,
  redirect_uri_mismatch: OIDC_MESSAGES.invalidRedirectUri,
  unauthorized_client: OIDC_MESSAGES.invalidRequest,
  invalid_scope: OIDC_MESSAGES.invalidRequest,
  invalid_request_object: OIDC_MESSAGES.invalidRequest,
  access_denied: OIDC_MESSAGES.accessDenied,
  server_error: OIDC_MESSAGES.serverError,
};

export const oidcPages: OidcPages = {
  error(status, error) {
    // The engine's own description names internals (parameters, checks): the page gives the code and its meaning.
    const shown = status >= 500 ? 500 : status;
    return renderErrorPage(shown, `${ERROR_TEXTS[error] ?? OIDC_MESSAGES.invalidRequest} (${error})`);
  },
  logoutConfirmation(form, clientName) {
    return page(
      OIDC_MESSAGES.logoutQuestion,
      html`<h1>${OIDC_MESSAGES.logoutQuestion}</h1>
${clientName ? html`<p class="service">${clientName}</p>` : ''}
${new SafeHtml(form)}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">${OIDC_MESSAGES.logoutYes}</button>
<button type="submit" form="op.logoutForm">${OIDC_MESSAGES.logoutNo}</button></p>`,
    );
  },
  signedOut: renderSignedOut,
};

export interface ConsentView {
  serviceName: string;
  /** What the client asks for, as the user reads it. */
  asks: string[];
  action: string;
  csrfToken: string;
}

/** A third-party client asks the user's permission before it learns anything about them. */
export function renderConsent(view: ConsentView): string {
  return page(
    OIDC_MESSAGES.consentTitle,
    html`<h1>${OIDC_MESSAGES.consentTitle}</h1>
<p class="service">${view.serviceName}</p>
<p>${OIDC_MESSAGES.consentIntro}</p>
<ul>${view.asks.map((ask) => html`<li>${ask}</li>`)}</ul>
<form method="post" action="${view.action}">
<input type="hidden" name="_csrf" value="${view.csrfToken}">
<button type="submit" name="decision" value="allow">${OIDC_MESSAGES.consentAllow}</button>
<button type="submit" name="decision" value="deny">${OIDC_MESSAGES.consentDeny}</button>
</form>`,
  );
}

/**
 * The step from Gatehouse back to the engine, which sends the browser on to the application with its code. A page,
 * not a redirect: a sign-in that began with a form (login, OTP, Gatehouse Key, consent) would otherwise reach the
 * application's origin by redirects of that form's submission, which the strict `form-action 'self'` of the form's
 * page forbids, and the browser would stop there. The page goes on at once by itself, or with its link.
 */
export function renderContinueToService(url: string, serviceName: string): string {
  return page(
    `Signing in to ${serviceName}`,
    html`<h1>Signing in to ${serviceName}</h1>
<p><a id="continue" href="${url}">${SSO_MESSAGES.continueTo}</a></p>`,
    { refreshTo: url },
  );
}

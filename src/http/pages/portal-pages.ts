import { ROLE_LABELS, isAdminRole, type Role } from '../../core/roles.js';
import { html, page, type SafeHtml } from './html.js';

export interface PortalFrame {
  domain: string;
  loginId: string;
  displayName: string;
  role: Role;
  csrfToken: string;
}

export function portalNav(f: PortalFrame): SafeHtml {
  return html`<nav class="portal-nav">
  <a href="/portal/${f.domain}/">Home</a>
  <a href="/portal/${f.domain}/password">Change Password</a>
  <a href="/portal/${f.domain}/otp">OTP Settings</a>
  <a href="/portal/${f.domain}/passkeys">Passkeys</a>
  ${isAdminRole(f.role) ? html`<a href="/admin/${f.domain}/">Admin console</a>` : ''}
  <form method="post" action="/portal/${f.domain}/logout" class="inline">
    <input type="hidden" name="_csrf" value="${f.csrfToken}">
    <button type="submit" class="link">Log out</button>
  </form>
</nav>`;
}

/** A tile of the portal: a SAML service started here, or an OpenID Connect client that starts its own sign-in. */
export interface ServiceTile {
  id: string;
  name: string;
  /** An OpenID Connect client's initiate_login_uri, with `iss` (OIDC Core §4); absent for a SAML service. */
  startsAt?: string;
}

/**
 * The services the user may open (SPEC §6), one tile each. A SAML tile is a form that starts IdP-initiated sign-on,
 * with the page's CSRF token, so that another site cannot start it in the user's name; an OpenID Connect tile is a
 * link to where the client starts its sign-in, which then comes back to Gatehouse's policy as any request does.
 */
function serviceTiles(f: PortalFrame, services: readonly ServiceTile[]): SafeHtml {
  if (services.length === 0) return html``;
  return html`<h2>Your services</h2>
<ul class="service-tiles">
${services.map((service) =>
  service.startsAt
    ? html`<li><a class="tile" href="${service.startsAt}">${service.name}</a></li>`
    : html`<li><form method="post" action="/portal/${f.domain}/sso/start/${service.id}">
<input type="hidden" name="_csrf" value="${f.csrfToken}"><button type="submit" class="tile">${service.name}</button>
</form></li>`,
)}
</ul>`;
}

export function renderPortalHome(f: PortalFrame, services: readonly ServiceTile[], notice?: string): string {
  return page(
    'Gatehouse portal',
    html`${portalNav(f)}
<h1>Welcome</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p>Signed in as <strong id="signed-in-user">${f.loginId}</strong>${f.displayName ? html` (${f.displayName})` : ''}.</p>
${isAdminRole(f.role) ? html`<p>Role: ${ROLE_LABELS[f.role]}</p>` : ''}
${serviceTiles(f, services)}`,
  );
}

export function renderChangePassword(f: PortalFrame, error?: string): string {
  return page(
    'Change Password',
    html`${portalNav(f)}
<h1>Change Password</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/portal/${f.domain}/password">
  <input type="hidden" name="_csrf" value="${f.csrfToken}">
  <label for="currentPassword">Current password</label>
  <input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" maxlength="256" required>
  <label for="newPassword">New password</label>
  <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" maxlength="256" required>
  <label for="confirmPassword">Confirm new password</label>
  <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" maxlength="256" required>
  <button type="submit">Change Password</button>
</form>`,
  );
}

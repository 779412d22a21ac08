import type { SignInReturn } from '../../../services/sign-in/sign-in-return.js';

/** Characters of a plain URL path and query (RFC 3986 pchar, `/` and `?`), ASCII only. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
/** Never `//` (another host), backslashes or encoded slashes, dot segments, or a `%` that encodes nothing. */
const TRICKS = /\/\/|%2f|%5c|%2e|%(?![0-9a-f]{2})|\/\.\.?(?:[/?]|$)/i;

/**
 * Where to go after signing in: only a plain path inside this tenant's portal or console. Anything else —
 * another host, a protocol-relative URL, non-ASCII characters that no Location header may carry — falls back
 * to the portal.
 */
export function safeNextPath(domain: string, next: string | undefined): string {
  const fallback = `/portal/${domain}/`;
  if (!next || !PLAIN_PATH.test(next) || TRICKS.test(next)) return fallback;
  const inside =
    next.startsWith(`/portal/${domain}/`) || next.startsWith(`/admin/${domain}/`) || next === `/admin/${domain}`;
  return inside ? next : fallback;
}

/**
 * The page that answers a waiting single sign-on request once its user is signed in. Under the portal's path, so
 * that the browser sends the tenant's entrance pass with it, as to the login.
 */
export const ssoResumePath = (domain: string, requestId: string): string => `/portal/${domain}/sso/${requestId}`;

/** Request IDs are 22 base64url characters (ids.ts); nothing else is taken for one. */
const SSO_RESUME = /^\/portal\/([^/?]+)\/sso\/([A-Za-z0-9_-]{16,64})$/;

/** The login form's `next` as where the sign-in returns: a waiting SSO request of this tenant, or a safe path. */
export function signInReturnOf(domain: string, next: string | undefined): SignInReturn {
  const sso = next ? SSO_RESUME.exec(next) : null;
  if (sso && decodeURIComponent(sso[1]!) === domain) return { kind: 'sso', requestId: sso[2]! };
  return { kind: 'portal', path: safeNextPath(domain, next) };
}

/** Where the browser goes once signed in. */
export function pathOfReturn(domain: string, target: SignInReturn): string {
  return target.kind === 'sso' ? ssoResumePath(domain, target.requestId) : safeNextPath(domain, target.path);
}

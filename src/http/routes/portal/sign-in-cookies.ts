import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TenantRow } from '../../../store/schema.js';
import { type CookiePolicy, isSecureRequest } from '../../plugins/cookies.js';

/** The sign-in in progress between password and OTP; it only travels to this tenant's login pages. */
export const SIGN_IN_COOKIE = 'gatehouse_signin';
/** The entrance pass (SPEC §5.2): a long-lived mark of a trusted browser, sent only to this tenant's portal. */
export const PASS_COOKIE = 'gatehouse_pass';

const loginPath = (tenant: TenantRow) => `/portal/${tenant.domain}/login`;
const portalPath = (tenant: TenantRow) => `/portal/${tenant.domain}/`;

export function setAttemptCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  tenant: TenantRow,
  attempt: { cookieValue: string; expiresAt: number },
): void {
  reply.setCookie(SIGN_IN_COOKIE, attempt.cookieValue, {
    path: loginPath(tenant),
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, policy),
    expires: new Date(attempt.expiresAt),
  });
}

export function clearAttemptCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  tenant: TenantRow,
): void {
  if (request.cookies[SIGN_IN_COOKIE] === undefined) return;
  reply.clearCookie(SIGN_IN_COOKIE, {
    path: loginPath(tenant),
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, policy),
  });
}

export function setPassCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  tenant: TenantRow,
  pass: { cookieValue: string; expiresAt: number },
): void {
  reply.setCookie(PASS_COOKIE, pass.cookieValue, {
    path: portalPath(tenant),
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, policy),
    expires: new Date(pass.expiresAt),
  });
}

/**
 * **Sign in with a passkey**: a random value that binds the browser's passwordless challenges to it (hashed in with
 * each challenge), so that an answer made in one browser finds nothing when sent from another. It means nothing on
 * its own and lives as long as a challenge.
 */
export const PASSKEY_BROWSER_COOKIE = 'gatehouse_passkey';
const BROWSER_NONCE = /^[A-Za-z0-9_-]{43}$/;

/** The browser's nonce, a new one when it has none (or a malformed one); its cookie is (re)set to last `lifetimeMs`. */
export function passkeyBrowserNonce(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  tenant: TenantRow,
  lifetimeMs: number,
): string {
  const held = request.cookies[PASSKEY_BROWSER_COOKIE];
  const nonce = held && BROWSER_NONCE.test(held) ? held : randomBytes(32).toString('base64url');
  reply.setCookie(PASSKEY_BROWSER_COOKIE, nonce, {
    path: loginPath(tenant),
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request, policy),
    maxAge: Math.ceil(lifetimeMs / 1000),
  });
  return nonce;
}

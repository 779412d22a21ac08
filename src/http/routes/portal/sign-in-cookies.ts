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

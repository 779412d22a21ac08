import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'gatehouse_session';
export const CSRF_COOKIE = 'gatehouse_csrf';

export interface CookiePolicy {
  /** Set when GATEHOUSE_PUBLIC_URL is https: cookies are then never sent over plain HTTP. */
  secure: boolean;
}

export function isSecureRequest(request: FastifyRequest, policy: CookiePolicy): boolean {
  return policy.secure || request.protocol === 'https';
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  token: string,
  persistentUntil: number | undefined,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, policy),
    // Without "Keep me logged in" this is a browser-session cookie: it ends when the browser closes.
    ...(persistentUntil ? { expires: new Date(persistentUntil) } : {}),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, policy),
  });
}

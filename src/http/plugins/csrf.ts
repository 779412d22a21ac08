import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, type CookiePolicy, isSecureRequest, SESSION_COOKIE } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token a form or the console must send back with every state-changing request. */
    csrfToken(reply: FastifyReply): string;
  }
  interface FastifyContextConfig {
    /** Routes that authenticate by other means (signed device requests) opt out. */
    skipCsrf?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class CsrfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsrfError';
  }
}

/**
 * Signed double-submit: a random HttpOnly cookie, and a token that is an HMAC of that cookie and of the session
 * id. A token lifted from one browser is useless in another, and a new session needs a new token.
 * On top, a request whose Origin names another site is refused outright.
 */
export function registerCsrf(
  app: FastifyInstance,
  options: { secretKey: Buffer; cookies: CookiePolicy; publicOrigin?: string },
): void {
  const key = Buffer.from(hkdfSync('sha256', options.secretKey, Buffer.alloc(0), 'gatehouse csrf', 32));
  const tokenFor = (cookieValue: string, sessionCookie: string | undefined): string =>
    createHmac('sha256', key)
      .update(`${cookieValue}|${(sessionCookie ?? '').split('.')[0]}`)
      .digest('base64url');

  app.decorateRequest('csrfToken', function (this: FastifyRequest, reply: FastifyReply) {
    let cookieValue = this.cookies[CSRF_COOKIE];
    if (!cookieValue || !/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) {
      cookieValue = randomBytes(32).toString('base64url');
      this.cookies[CSRF_COOKIE] = cookieValue;
      reply.setCookie(CSRF_COOKIE, cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecureRequest(this, options.cookies),
      });
    }
    return tokenFor(cookieValue, this.cookies[SESSION_COOKIE]);
  });

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.skipCsrf) return;
    const origin = request.headers.origin;
    const expectedOrigin = options.publicOrigin ?? `${request.protocol}://${request.host}`;
    if (origin !== undefined && origin !== expectedOrigin) throw new CsrfError('The request came from another site.');
    const cookieValue = request.cookies[CSRF_COOKIE];
    const body = request.body as Record<string, unknown> | undefined;
    const sent = request.headers['x-csrf-token'] ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    if (!cookieValue || typeof sent !== 'string') throw new CsrfError('The CSRF token is missing.');
    const expected = Buffer.from(tokenFor(cookieValue, request.cookies[SESSION_COOKIE]));
    const actual = Buffer.from(sent);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
      throw new CsrfError('The CSRF token is wrong or expired.');
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';

declare module 'fastify' {
  interface FastifyRequest {
    /** Allows one page's own <style> elements (the console's Mantine variables) under the strict CSP. */
    styleNonce(): string;
    /** Lets this one page post its form to another origin: a single sign-on answer to its service's address. */
    allowFormTarget(url: URL): void;
  }
}

const NONCE = Symbol('styleNonce');
const FORM_TARGET = Symbol('formTarget');

type PageRequest = FastifyRequest & { [NONCE]?: string; [FORM_TARGET]?: string };

function contentSecurityPolicy(styleNonce: string | undefined, formTarget?: string): string {
  const styleSrc = styleNonce ? `'self' 'nonce-${styleNonce}'` : `'self'`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styleSrc}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    formTarget ? `form-action 'self' ${formTarget}` : "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Built once: every answer carries them, and most need no nonce. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy(undefined),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
};

/** Strict headers on every answer; HSTS only when the request really arrived over HTTPS. */
export function registerSecurityHeaders(app: FastifyInstance, options: { httpsOnly: boolean }): void {
  app.decorateRequest('styleNonce', function (this: PageRequest) {
    this[NONCE] ??= randomBytes(16).toString('base64');
    return this[NONCE];
  });
  app.decorateRequest('allowFormTarget', function (this: PageRequest, url: URL) {
    // An origin is only scheme, host and port: nothing of the URL can widen the policy beyond that one origin.
    this[FORM_TARGET] = url.origin;
  });
  const hsts = 'max-age=31536000; includeSubDomains';
  app.addHook('onSend', (request: PageRequest, reply: FastifyReply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    const nonce = request[NONCE];
    const formTarget = request[FORM_TARGET];
    if (nonce || formTarget) reply.header('Content-Security-Policy', contentSecurityPolicy(nonce, formTarget));
    if (options.httpsOnly || request.protocol === 'https') reply.header('Strict-Transport-Security', hsts);
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}

import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { verify } from '@node-rs/argon2';
import Fastify from 'fastify';
import { SESSION_COOKIE } from '../../src/http/plugins/cookies.js';
import { registerSecurityHeaders } from '../../src/http/plugins/security-headers.js';
import { DOMAIN } from './bench-server.js';
import type { FloorServer } from './floor-server.js';

/**
 * The floor of a password sign-in on Gatehouse's framework: Fastify with the same cookie and form plugins and
 * Gatehouse's own security headers, one argon2id verify of the same hash, a session cookie, 303 — and nothing of
 * the product: no database, no CSRF check, no lockout, no Access Log. What Gatehouse spends beyond it is the price
 * of its own work, apart from the framework's.
 */
export async function startFrameworkFloorServer(passwordHash: string): Promise<FloorServer> {
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  registerSecurityHeaders(app, { httpsOnly: false });
  const path = `/portal/${DOMAIN}/login`;
  app.get(path, async (_request, reply) => {
    const token = randomBytes(32).toString('base64url');
    reply.setCookie('floor_csrf', token, { httpOnly: true, path: '/' }).type('text/html; charset=utf-8');
    return `<!doctype html><form method="post"><input type="hidden" name="_csrf" value="${token}"><input name="loginId"><input name="password" type="password"><button>Log in</button></form>`;
  });
  app.post<{ Body: Record<string, string | undefined> }>(path, async (request, reply) => {
    const form = request.body;
    if (!(await verify(passwordHash, form.password ?? '')) || !form.loginId) return reply.code(401).send();
    const session = `${randomBytes(16).toString('hex')}.${randomBytes(32).toString('base64url')}`;
    reply.setCookie(SESSION_COOKIE, session, { path: '/', httpOnly: true, sameSite: 'lax' });
    return reply.redirect('/', 303);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the framework floor server has no TCP address');
  return { baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

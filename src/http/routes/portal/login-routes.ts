import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { settingsOf } from '../../../services/tenant-service.js';
import type { Services } from '../../../services/services.js';
import type { TenantRow } from '../../../store/schema.js';
import { clearSessionCookie, type CookiePolicy, setSessionCookie, SESSION_COOKIE } from '../../plugins/cookies.js';
import { tenantOf } from '../../plugins/auth.js';
import { renderLoginPage } from '../../pages/login-page.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2048 })) });
const LoginForm = Type.Object({
  loginId: Type.String({ maxLength: 1024 }),
  password: Type.String({ maxLength: 1024 }),
  keepMeLoggedIn: Type.Optional(Type.String({ maxLength: 10 })),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

/** Only paths inside this tenant's portal or console: never another host, never a protocol-relative URL. */
export function safeNextPath(domain: string, next: string | undefined): string {
  const fallback = `/portal/${domain}/`;
  if (!next || /[\\\s]|\/\/|%2f|%5c/i.test(next)) return fallback;
  return next.startsWith(`/portal/${domain}/`) || next.startsWith(`/admin/${domain}/`) || next === `/admin/${domain}` ? next : fallback;
}

function loginPage(request: FastifyRequest, reply: FastifyReply, tenant: TenantRow, extra: { loginId?: string; next?: string; keepMeLoggedIn?: boolean; error?: string; notice?: string }) {
  const settings = settingsOf(tenant);
  return reply.type('text/html; charset=utf-8').send(
    renderLoginPage({
      title: settings.loginPageTitle,
      domain: tenant.domain,
      csrfToken: request.csrfToken(reply),
      next: safeNextPath(tenant.domain, extra.next),
      loginId: extra.loginId ?? '',
      showKeepMeLoggedIn: settings.showKeepMeLoggedIn,
      keepMeLoggedIn: extra.keepMeLoggedIn ?? false,
      error: extra.error,
      notice: extra.notice,
    }),
  );
}

export function registerLoginRoutes(app: FastifyInstance, services: Services, cookies: CookiePolicy): void {
  app.get('/portal/:domain/login', { schema: { params: DomainParams, querystring: LoginQuery, hide: true } }, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    const { next } = request.query as { next?: string };
    return loginPage(request, reply, await tenantOf(services, domain), { next });
  });

  app.post(
    '/portal/:domain/login',
    { schema: { params: DomainParams, body: LoginForm, hide: true } },
    async (request, reply) => {
      const { domain } = request.params as { domain: string };
      const form = request.body as { loginId: string; password: string; keepMeLoggedIn?: string; next?: string };
      const tenant = await tenantOf(services, domain);
      const keepMeLoggedIn = settingsOf(tenant).showKeepMeLoggedIn && form.keepMeLoggedIn === 'yes';
      const result = await services.signIn.signIn({
        tenant,
        loginId: form.loginId.trim(),
        password: form.password,
        keepMeLoggedIn,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      if (result.outcome === 'denied') {
        request.log.info({ tenant: tenant.domain, loginId: form.loginId, reason: result.reason }, 'sign-in denied');
        const error = result.httpStatus === 403 ? `403 ${result.message}` : result.message;
        reply.code(result.httpStatus);
        return loginPage(request, reply, tenant, { loginId: form.loginId, next: form.next, keepMeLoggedIn, error });
      }
      request.log.info({ tenant: tenant.domain, userId: result.user.id }, 'signed in');
      // The old session (if any) is simply replaced: the new id was never seen before login.
      await services.sessions.destroy(request.cookies[SESSION_COOKIE]);
      setSessionCookie(request, reply, cookies, result.session.token, result.session.persistent ? result.session.expiresAt : undefined);
      return reply.redirect(safeNextPath(tenant.domain, form.next), 303);
    },
  );

  app.post('/portal/:domain/logout', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    const tenant = await tenantOf(services, domain);
    await services.sessions.destroy(request.cookies[SESSION_COOKIE]);
    clearSessionCookie(request, reply, cookies);
    return reply.redirect(`/portal/${tenant.domain}/login`, 303);
  });
}

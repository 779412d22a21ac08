import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PORTAL_MESSAGES } from '../../../core/messages.js';
import type { Role } from '../../../core/roles.js';
import { ValidationError } from '../../../core/validation-error.js';
import type { ActiveSession } from '../../../services/session-service.js';
import type { Services } from '../../../services/services.js';
import { sessionInTenant, tenantOf } from '../../plugins/auth.js';
import { renderChangePassword, renderPortalHome, type PortalFrame } from '../../pages/portal-pages.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });
const PasswordForm = Type.Object({
  currentPassword: Type.String({ maxLength: 1024 }),
  newPassword: Type.String({ maxLength: 1024 }),
  confirmPassword: Type.String({ maxLength: 1024 }),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

function frameOf(request: FastifyRequest, reply: FastifyReply, active: ActiveSession): PortalFrame {
  return {
    domain: active.tenant.domain,
    loginId: active.user.login_id,
    displayName: active.user.display_name,
    role: active.user.role as Role,
    csrfToken: request.csrfToken(reply),
  };
}

/** The signed-in user of this tenant, or a redirect to its login page that comes back here afterwards. */
async function signedInOrRedirect(services: Services, request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | null> {
  const { domain } = request.params as { domain: string };
  const tenant = await tenantOf(services, domain);
  const active = await sessionInTenant(request, tenant);
  if (!active) {
    await reply.redirect(`/portal/${tenant.domain}/login?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  return active;
}

export function registerPortalRoutes(app: FastifyInstance, services: Services): void {
  app.get('/portal/:domain', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    return reply.redirect(`/portal/${encodeURIComponent(domain)}/`, 301);
  });

  app.get('/portal/:domain/', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const { changed } = request.query as { changed?: string };
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPortalHome(frameOf(request, reply, active), changed === '1' ? PORTAL_MESSAGES.passwordChanged : undefined));
  });

  app.get('/portal/:domain/password', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    return reply.type('text/html; charset=utf-8').send(renderChangePassword(frameOf(request, reply, active)));
  });

  app.post('/portal/:domain/password', { schema: { params: DomainParams, body: PasswordForm, hide: true } }, async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const form = request.body as { currentPassword: string; newPassword: string; confirmPassword: string };
    try {
      await services.passwordChange.change(active.tenant, active.user, active.session.id, form);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).type('text/html; charset=utf-8').send(renderChangePassword(frameOf(request, reply, active), error.message));
    }
    return reply.redirect(`/portal/${active.tenant.domain}/?changed=1`, 303);
  });
}

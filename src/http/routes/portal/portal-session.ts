import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../core/roles.js';
import type { ActiveSession } from '../../../services/session-service.js';
import type { Services } from '../../../services/services.js';
import { sessionInTenant, tenantOf } from '../../plugins/auth.js';
import type { PortalFrame } from '../../pages/portal-pages.js';

export function frameOf(request: FastifyRequest, reply: FastifyReply, active: ActiveSession): PortalFrame {
  return {
    domain: active.tenant.domain,
    loginId: active.user.login_id,
    displayName: active.user.display_name,
    role: active.user.role as Role,
    csrfToken: request.csrfToken(reply),
  };
}

/** The signed-in user of this tenant, or a redirect to its login page that comes back here afterwards. */
export async function signedInOrRedirect(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ActiveSession | null> {
  const { domain } = request.params as { domain: string };
  const tenant = await tenantOf(services, domain);
  const active = await sessionInTenant(request, tenant);
  if (!active) {
    await reply.redirect(`/portal/${tenant.domain}/login?next=${encodeURIComponent(request.url)}`, 303);
    return null;
  }
  return active;
}

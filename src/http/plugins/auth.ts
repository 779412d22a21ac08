import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../services/actor.js';
import type { ActiveSession } from '../../services/session-service.js';
import type { Services } from '../../services/services.js';
import type { TenantRow } from '../../store/schema.js';
import { SESSION_COOKIE } from './cookies.js';
import { HttpError } from './error-handler.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie, looked up once per request. */
    activeSession(): Promise<ActiveSession | null>;
  }
}

const RESOLVED = Symbol('activeSession');

export function registerSessionLookup(app: FastifyInstance, services: Services): void {
  app.decorateRequest(
    'activeSession',
    function (this: FastifyRequest & { [RESOLVED]?: Promise<ActiveSession | null> }) {
      this[RESOLVED] ??= services.sessions.resolve(this.cookies[SESSION_COOKIE]);
      return this[RESOLVED];
    },
  );
}

/** The origin the browser used to reach us (behind a trusted proxy, the one it reports). */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export async function tenantOf(services: Services, domain: string): Promise<TenantRow> {
  const tenant = await services.tenants.findByDomain(domain);
  if (!tenant) throw new HttpError(404, 'not_found', `There is no tenant ${domain}.`);
  return tenant;
}

/** The session, only if it belongs to this tenant: a session of one tenant never opens another. */
export async function sessionInTenant(request: FastifyRequest, tenant: TenantRow): Promise<ActiveSession | null> {
  const active = await request.activeSession();
  return active && active.tenant.id === tenant.id ? active : null;
}

export function actorOf(active: ActiveSession, request: FastifyRequest): Actor {
  return { userId: active.user.id, loginId: active.user.login_id, role: active.user.role, ip: request.ip };
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { ADMIN_API_MESSAGES, ADMIN_PASSKEY_MESSAGES } from '../../core/messages.js';
import { isAdminRole, isPermission, type Permission, PERMISSIONS, permissionsOf } from '../../core/roles.js';
import type { Actor } from '../../services/actor.js';
import { sessionLacksAdminOtp } from '../../services/policy/admin-otp-enforcement.js';
import { sessionLacksAdminPasskey } from '../../services/policy/admin-passkey-requirement.js';
import type { ActiveSession } from '../../services/session-service.js';
import type { Services } from '../../services/services.js';
import type { TenantRow } from '../../store/schema.js';
import { actorOf, sessionInTenant, tenantOf } from './auth.js';
import { HttpError } from './error-handler.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Admin API routes: what the caller's role must allow (`permissionsOf` in core/roles.ts). */
    permission?: Permission;
  }
}

export const ADMIN_API_PREFIX = '/api/admin/:domain/v1';

/** The admin API scope: its routes take their request and reply types from their TypeBox schemas. */
export type AdminApi = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Who is calling an admin API route, resolved once per request by the scope's guard. */
export interface AdminContext {
  tenant: TenantRow;
  active: ActiveSession;
  actor: Actor;
}

const contexts = new WeakMap<FastifyRequest, AdminContext>();

/** The admitted caller of an admin API route; the scope's guard has checked the route's permission. */
export function adminOf(request: FastifyRequest): AdminContext {
  const context = contexts.get(request);
  if (!context) throw new Error(`${request.method} ${request.url} is not an admin API route`);
  return context;
}

const REFUSALS: Record<Permission, string> = {
  viewConsole: ADMIN_API_MESSAGES.notAnAdministrator,
  manageUsers: ADMIN_API_MESSAGES.manageUsers,
  manageSystem: ADMIN_API_MESSAGES.manageSystem,
};

/**
 * Tenant, session and role, once per request: 401 without a session of this tenant, 403 for a user without an
 * admin role, for a session that admin OTP enforcement no longer accepts (`otp_required`), or for a role short of
 * the route's permission.
 */
async function admit(services: Services, request: FastifyRequest): Promise<AdminContext> {
  // The scope's prefix carries the domain: every route here has it.
  const { domain } = request.params as { domain: string };
  const tenant = await tenantOf(services, domain);
  const active = await sessionInTenant(request, tenant);
  if (!active) throw new HttpError(401, 'not_signed_in', ADMIN_API_MESSAGES.notSignedIn);
  const { user, session } = active;
  if (!isAdminRole(user.role)) throw new HttpError(403, 'forbidden', ADMIN_API_MESSAGES.notAnAdministrator);
  if (sessionLacksAdminOtp(tenant, user, session, services.clock.now()))
    throw new HttpError(403, 'otp_required', ADMIN_API_MESSAGES.otpRequired);
  if (sessionLacksAdminPasskey(tenant, user, session, services.clock.now()))
    throw new HttpError(403, 'passkey_required', ADMIN_PASSKEY_MESSAGES.sessionWithoutPasskey);
  const permission = request.routeOptions.config.permission;
  if (permission === undefined || !permissionsOf(user.role)[permission])
    throw new HttpError(403, 'forbidden', permission ? REFUSALS[permission] : ADMIN_API_MESSAGES.notAnAdministrator);
  return { tenant, active, actor: actorOf(active, request) };
}

/**
 * Mounts the admin API at /api/admin/:domain/v1, closed by default: every route must declare the permission it
 * needs (`config: { permission }`), or registering it fails and the server does not start; the guard admits
 * each request before its body is even read. Services check roles again on their own.
 */
export async function registerAdminApi(
  app: FastifyInstance,
  services: Services,
  registerRoutes: (api: AdminApi) => void,
): Promise<void> {
  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<TypeBoxTypeProvider>();
      api.addHook('onRoute', (route) => {
        if (!isPermission(route.config?.permission))
          throw new Error(
            `Admin API route ${String(route.method)} ${route.url} declares no permission: ` +
              `add config: { permission: ${PERMISSIONS.map((p) => `'${p}'`).join(' | ')} }.`,
          );
      });
      api.addHook('onRequest', async (request) => {
        contexts.set(request, await admit(services, request));
      });
      registerRoutes(api);
    },
    { prefix: ADMIN_API_PREFIX },
  );
}

import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { permissionsOf, type Role } from '../../../core/roles.js';
import type { Services } from '../../../services/services.js';
import { settingsOf } from '../../../services/tenant-service.js';
import { toUserView } from '../../../services/user-view.js';
import { requireAdmin } from '../../plugins/auth.js';
import { DomainParams, ErrorBody, TenantSettings, TenantSettingsPatch, User } from './schemas.js';

const Me = Type.Object({
  user: User,
  tenant: Type.Object({ domain: Type.String() }),
  csrfToken: Type.String({ description: 'Send back as X-CSRF-Token on every POST, PATCH and DELETE' }),
  permissions: Type.Object({ manageUsers: Type.Boolean(), manageSystem: Type.Boolean() }),
});
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function registerMeAndSettingsRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/me',
    {
      schema: {
        tags: ['Session'],
        summary: 'The signed-in admin and the CSRF token',
        params: DomainParams,
        response: { 200: Me, ...errors },
      },
    },
    async (request, reply) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant, active } = await requireAdmin(services, request, domain);
      const { manageUsers, manageSystem } = permissionsOf(active.user.role as Role);
      return {
        user: toUserView(active.user, services.clock.now()),
        tenant: { domain: tenant.domain },
        csrfToken: request.csrfToken(reply),
        permissions: { manageUsers, manageSystem },
      };
    },
  );

  app.get(
    '/settings',
    {
      schema: {
        tags: ['Domain Settings'],
        summary: 'System > Domain Settings',
        params: DomainParams,
        response: { 200: TenantSettings, ...errors },
      },
    },
    async (request) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      return settingsOf(tenant);
    },
  );

  app.patch(
    '/settings',
    {
      schema: {
        tags: ['Domain Settings'],
        summary: 'Change domain settings (Global Admin only)',
        params: DomainParams,
        body: TenantSettingsPatch,
        response: { 200: TenantSettings, ...errors },
      },
    },
    async (request) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      return services.tenants.updateSettings(tenant, actor, request.body as Record<string, unknown>);
    },
  );
}

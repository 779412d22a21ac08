import { DomainParams, ErrorBody, Me, TenantSettings, TenantSettingsBody } from '../../../contract/admin-api/index.js';
import { permissionsOf } from '../../../core/roles.js';
import type { Services } from '../../../services/services.js';
import { settingsOf } from '../../../services/tenant-service.js';
import { toUserView } from '../../../services/user-view.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function registerMeAndSettingsRoutes(api: AdminApi, services: Services): void {
  api.get(
    '/me',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Session'],
        summary: 'The signed-in admin and the CSRF token',
        params: DomainParams,
        response: { 200: Me, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, active } = adminOf(request);
      const { manageUsers, manageSystem } = permissionsOf(active.user.role);
      return {
        user: toUserView(active.user, services.clock.now()),
        tenant: { domain: tenant.domain },
        csrfToken: request.csrfToken(reply),
        permissions: { manageUsers, manageSystem },
      };
    },
  );

  api.get(
    '/settings',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Domain Settings'],
        summary: 'System > Domain Settings',
        params: DomainParams,
        response: { 200: TenantSettings, ...errors },
      },
    },
    async (request) => settingsOf(adminOf(request).tenant),
  );

  api.patch(
    '/settings',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags: ['Domain Settings'],
        summary: 'Change domain settings (Global Admin only)',
        params: DomainParams,
        body: TenantSettingsBody,
        response: { 200: TenantSettings, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return services.tenants.updateSettings(tenant, actor, request.body);
    },
  );
}

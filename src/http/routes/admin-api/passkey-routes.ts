import { Type } from 'typebox';
import { AdminPasskeyList, ErrorBody, IdParams, UserPasskeyParams } from '../../../contract/admin-api/index.js';
import { adminPasskeyView } from '../../../services/passkeys/passkey-service.js';
import type { Services } from '../../../services/services.js';
import { type AdminApi, adminOf } from '../../plugins/admin-api-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const tags = ['Passkeys'];

/**
 * A user's passkeys on the user details screen (SPEC §3.4, issue 12): any console admin lists them, an admin who
 * may manage the user removes one (the service decides who, as for OTP). Adding one is the user's, in the portal.
 */
export function registerPasskeyRoutes(api: AdminApi, services: Services): void {
  api.get(
    '/users/:id/passkeys',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: "The user's passkeys: name, added, last used, authenticator",
        params: IdParams,
        response: { 200: AdminPasskeyList, ...errors },
      },
    },
    async (request) => {
      const { tenant } = adminOf(request);
      const user = await services.users.requireRow(tenant, request.params.id);
      return { items: (await services.passkeys.listForAdmin(user)).map(adminPasskeyView) };
    },
  );

  api.delete(
    '/users/:id/passkeys/:passkeyId',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Remove a passkey (logged in the Admin Operation Logs)',
        params: UserPasskeyParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      const user = await services.users.requireRow(tenant, request.params.id);
      await services.passkeys.removeAsAdmin(tenant, actor, user, request.params.passkeyId);
      return reply.code(204).send(null);
    },
  );
}

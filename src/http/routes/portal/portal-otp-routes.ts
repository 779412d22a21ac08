import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { OtpType } from '../../../core/otp/otp-types.js';
import type { Services } from '../../../services/services.js';
import { actorOf } from '../../plugins/auth.js';
import { HttpError } from '../../plugins/error-handler.js';
import { portalSetupFrame, renderOtpEnabled, renderOtpSettings } from '../../pages/otp-setup-pages.js';
import { htmlReply, registerOtpSetupRoutes } from '../otp-setup/otp-setup-routes.js';
import { frameOf, signedInOrRedirect } from './portal-session.js';

const DomainParams = Type.Object({ domain: Type.String({ maxLength: 253 }) });

/** OTP Settings → Configure OTP (SPEC §3.2): the same steps as the admin's, for the signed-in user. */
export function registerPortalOtpRoutes(app: FastifyInstance, services: Services): void {
  app.get('/portal/:domain/otp', { schema: { params: DomainParams, hide: true } }, async (request, reply) => {
    const active = await signedInOrRedirect(services, request, reply);
    if (!active) return reply;
    const group = await services.groups.rowOfUser(active.tenant, active.user);
    return htmlReply(reply).send(
      renderOtpSettings(
        frameOf(request, reply, active),
        active.user.otp_type as OtpType,
        active.user.otp_email,
        group.portal_otp_setup === 1,
      ),
    );
  });

  registerOtpSetupRoutes(app, services, {
    prefix: '/portal/:domain/otp/setup',
    async resolve(request, reply) {
      const active = await signedInOrRedirect(services, request, reply);
      if (!active) return null;
      // "Allow users to configure OTP in the portal" (SPEC §4) is the group's decision.
      if ((await services.groups.rowOfUser(active.tenant, active.user)).portal_otp_setup === 0)
        throw new HttpError(
          403,
          'forbidden',
          'Your Access Policy Group does not allow configuring OTP in the portal. Ask an administrator.',
        );
      return {
        tenant: active.tenant,
        user: active.user,
        actor: actorOf(active, request),
        frame: portalSetupFrame(frameOf(request, reply, active)),
      };
    },
    async checkEmail(request, { tenant, user }, email) {
      return (await services.otpEmailChange.allows(tenant, user, email, request.ip))
        ? null
        : 'Your Access Policy Group does not allow changing the OTP notification email. Ask an administrator.';
    },
    onEnabled: async (_request, reply, { frame, otpType }) => htmlReply(reply).send(renderOtpEnabled(frame, otpType)),
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { qrPng } from '../../../services/otp/qr-code.js';
import type { Services } from '../../../services/services.js';
import type { UserRow } from '../../../store/schema.js';
import { type AdminContext, requestOrigin, requireAdmin } from '../../plugins/auth.js';
import { ErrorBody, UserParams } from './schemas.js';

const SetupParams = Type.Object({
  domain: Type.String({ maxLength: 253 }),
  id: Type.String({ maxLength: 64 }),
  setupId: Type.String({ maxLength: 64 }),
});
const TokenParams = Type.Object({
  domain: Type.String({ maxLength: 253 }),
  id: Type.String({ maxLength: 64 }),
  tokenId: Type.String({ maxLength: 64 }),
});
const TotpSetup = Type.Object({
  setupId: Type.String(),
  otpauthUri: Type.String({ description: 'What the QR code encodes' }),
  qrSvg: Type.String({ description: 'The QR code as an SVG document, for inline display' }),
  qrPngUrl: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
const EmailSetup = Type.Object({
  setupId: Type.String(),
  email: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  resendAfter: Type.String({ format: 'date-time' }),
});
const SetupStatus = Type.Object({
  status: Type.String({ enum: ['pending', 'completed', 'expired'] }),
  otpType: Type.Optional(Type.String()),
});
const Confirmed = Type.Object({ otpType: Type.String(), message: Type.String() });
const EmergencyTokens = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      masked: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      usedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
  unused: Type.Integer(),
});
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  410: ErrorBody,
  429: ErrorBody,
};
const tags = ['OTP'];

/**
 * OTP registration from the user details screen (SPEC §3.1) and OTP Emergency Tokens. The routes find the
 * target user in the admin's tenant; the services decide who may change what.
 */
export function registerOtpRoutes(app: FastifyInstance, services: Services): void {
  async function target(request: FastifyRequest): Promise<AdminContext & { user: UserRow }> {
    const { domain, id } = request.params as { domain: string; id: string };
    const admin = await requireAdmin(services, request, domain);
    return { ...admin, user: await services.users.requireRow(admin.tenant, id) };
  }

  app.post(
    '/users/:id/otp/setup/totp',
    {
      schema: {
        tags,
        summary: 'Show a new QR code (Gatehouse Key and other authenticator apps)',
        params: UserParams,
        response: { 200: TotpSetup, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request);
      const setup = await services.otpSetup.startTotp(tenant, actor, user, { origin: requestOrigin(request) });
      return {
        ...setup,
        qrPngUrl: `/api/admin/${tenant.domain}/v1/users/${user.id}/otp/setup/${setup.setupId}/qr.png`,
      };
    },
  );

  app.get(
    '/users/:id/otp/setup/:setupId/qr.png',
    { schema: { tags, summary: 'The pending QR code as PNG', params: SetupParams, produces: ['image/png'] } },
    async (request, reply) => {
      const { tenant, actor, user } = await target(request);
      const { setupId } = request.params as Static<typeof SetupParams>;
      const uri = await services.otpSetup.pendingOtpauthUri(tenant, actor, user, setupId);
      return reply.type('image/png').send(await qrPng(uri));
    },
  );

  app.post(
    '/users/:id/otp/setup/email',
    {
      schema: {
        tags,
        summary: 'Mail a code to confirm an address for email OTP',
        params: UserParams,
        body: Type.Object({ email: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: EmailSetup, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request);
      return services.otpSetup.startEmail(tenant, actor, user, (request.body as { email: string }).email);
    },
  );

  app.post(
    '/users/:id/otp/setup/:setupId/resend',
    {
      schema: {
        tags,
        summary: 'Mail a new code (at most every 30 s)',
        params: SetupParams,
        response: { 200: EmailSetup, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request);
      return services.otpSetup.resendEmail(tenant, actor, user, (request.params as Static<typeof SetupParams>).setupId);
    },
  );

  app.post(
    '/users/:id/otp/setup/:setupId/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm with the code from the app or the mail',
        params: SetupParams,
        body: Type.Object({ code: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Confirmed, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request);
      const { setupId } = request.params as Static<typeof SetupParams>;
      return services.otpSetup.confirm(tenant, actor, user, setupId, (request.body as { code: string }).code);
    },
  );

  app.get(
    '/users/:id/otp/setup/:setupId',
    {
      schema: {
        tags,
        summary: 'Whether the setup has been completed (e.g. by Gatehouse Key)',
        params: SetupParams,
        response: { 200: SetupStatus, ...errors },
      },
    },
    async (request) => {
      const { tenant, user } = await target(request);
      return services.otpSetup.status(tenant, user, (request.params as Static<typeof SetupParams>).setupId);
    },
  );

  app.get(
    '/users/:id/key-device',
    {
      schema: {
        tags,
        summary: "The user's Gatehouse Key device, if any",
        params: UserParams,
        response: {
          200: Type.Object({
            device: Type.Union([
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                enrolledAt: Type.String(),
                lastSeenAt: Type.String(),
              }),
              Type.Null(),
            ]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { tenant, user } = await target(request);
      const device = await services.keyEnrolment.deviceOf(tenant, user.id);
      return {
        device: device
          ? {
              id: device.id,
              name: device.name,
              enrolledAt: new Date(device.enrolled_at).toISOString(),
              lastSeenAt: new Date(device.last_seen_at).toISOString(),
            }
          : null,
      };
    },
  );

  app.delete(
    '/users/:id/otp',
    { schema: { tags, summary: 'Reset OTP', params: UserParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { tenant, actor, user } = await target(request);
      await services.otpSetup.reset(tenant, actor, user);
      return reply.code(204).send();
    },
  );

  app.get(
    '/users/:id/emergency-tokens',
    {
      schema: {
        tags,
        summary: 'OTP Emergency Tokens, masked',
        params: UserParams,
        response: { 200: EmergencyTokens, ...errors },
      },
    },
    async (request) => {
      const { user } = await target(request);
      return services.emergencyTokens.list(user);
    },
  );

  app.post(
    '/users/:id/emergency-tokens',
    {
      schema: {
        tags,
        summary: 'Add tokens (at most 50 unused)',
        params: UserParams,
        body: Type.Object({ count: Type.Integer({ minimum: 1, maximum: 50 }) }, { additionalProperties: false }),
        response: { 200: EmergencyTokens, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request);
      await services.emergencyTokens.add(tenant, actor, user, (request.body as { count: number }).count);
      return services.emergencyTokens.list(user);
    },
  );

  app.post(
    '/users/:id/emergency-tokens/:tokenId/reveal',
    {
      schema: {
        tags,
        summary: 'One token in clear, for Copy (logged)',
        params: TokenParams,
        response: { 200: Type.Object({ token: Type.String() }), ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request);
      return {
        token: await services.emergencyTokens.reveal(
          tenant,
          actor,
          user,
          (request.params as Static<typeof TokenParams>).tokenId,
        ),
      };
    },
  );

  app.delete(
    '/users/:id/emergency-tokens/:tokenId',
    { schema: { tags, summary: 'Revoke a token', params: TokenParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { tenant, actor, user } = await target(request);
      await services.emergencyTokens.revoke(
        tenant,
        actor,
        user,
        (request.params as Static<typeof TokenParams>).tokenId,
      );
      return reply.code(204).send();
    },
  );
}

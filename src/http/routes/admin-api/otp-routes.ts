import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  AddEmergencyTokensBody,
  ConfirmSetupBody,
  EmailSetup,
  EmailSetupBody,
  EmergencyTokenList,
  ErrorBody,
  IdParams,
  KeyDeviceAnswer,
  OtpConfirmed,
  RevealedToken,
  SetupParams,
  SetupStatus,
  TokenParams,
  TotpSetup,
} from '../../../contract/admin-api/index.js';
import { qrPng } from '../../../services/otp/qr-code.js';
import type { Services } from '../../../services/services.js';
import type { UserRow } from '../../../store/schema.js';
import { type AdminApi, type AdminContext, adminOf } from '../../plugins/admin-api-scope.js';
import { requestOrigin } from '../../plugins/auth.js';

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
 * target user in the admin's tenant; the services decide who may change what (an admin's own OTP included).
 */
export function registerOtpRoutes(api: AdminApi, services: Services): void {
  async function target(request: FastifyRequest, userId: string): Promise<AdminContext & { user: UserRow }> {
    const admin = adminOf(request);
    return { ...admin, user: await services.users.requireRow(admin.tenant, userId) };
  }

  api.post(
    '/users/:id/otp/setup/totp',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Show a new QR code (Gatehouse Key and other authenticator apps)',
        params: IdParams,
        response: { 200: TotpSetup, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      const setup = await services.otpSetup.startTotp(tenant, actor, user, { origin: requestOrigin(request) });
      return {
        ...setup,
        qrPngUrl: `/api/admin/${tenant.domain}/v1/users/${user.id}/otp/setup/${setup.setupId}/qr.png`,
      };
    },
  );

  api.get(
    '/users/:id/otp/setup/:setupId/qr.png',
    {
      // It carries the secret: only for who may register it.
      config: { permission: 'manageUsers' },
      schema: { tags, summary: 'The pending QR code as PNG', params: SetupParams, produces: ['image/png'] },
    },
    async (request, reply) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      const uri = await services.otpSetup.pendingOtpauthUri(tenant, actor, user, request.params.setupId);
      return reply.type('image/png').send(await qrPng(uri));
    },
  );

  api.post(
    '/users/:id/otp/setup/email',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Mail a code to confirm an address for email OTP',
        params: IdParams,
        body: EmailSetupBody,
        response: { 200: EmailSetup, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      return services.otpSetup.startEmail(tenant, actor, user, request.body.email);
    },
  );

  api.post(
    '/users/:id/otp/setup/:setupId/resend',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Mail a new code (at most every 30 s)',
        params: SetupParams,
        response: { 200: EmailSetup, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      return services.otpSetup.resendEmail(tenant, actor, user, request.params.setupId);
    },
  );

  api.post(
    '/users/:id/otp/setup/:setupId/confirm',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Confirm with the code from the app or the mail',
        params: SetupParams,
        body: ConfirmSetupBody,
        response: { 200: OtpConfirmed, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      return services.otpSetup.confirm(tenant, actor, user, request.params.setupId, request.body.code);
    },
  );

  api.get(
    '/users/:id/otp/setup/:setupId',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'Whether the setup has been completed (e.g. by Gatehouse Key)',
        params: SetupParams,
        response: { 200: SetupStatus, ...errors },
      },
    },
    async (request) => {
      const { tenant, user } = await target(request, request.params.id);
      return services.otpSetup.status(tenant, user, request.params.setupId);
    },
  );

  api.get(
    '/users/:id/key-device',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: "The user's Gatehouse Key device, if any",
        params: IdParams,
        response: { 200: KeyDeviceAnswer, ...errors },
      },
    },
    async (request) => {
      const { tenant, user } = await target(request, request.params.id);
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

  api.delete(
    '/users/:id/otp',
    {
      config: { permission: 'manageUsers' },
      schema: { tags, summary: 'Reset OTP', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      await services.otpSetup.reset(tenant, actor, user);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/users/:id/emergency-tokens',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'OTP Emergency Tokens, masked',
        params: IdParams,
        response: { 200: EmergencyTokenList, ...errors },
      },
    },
    async (request) => services.emergencyTokens.list((await target(request, request.params.id)).user),
  );

  api.post(
    '/users/:id/emergency-tokens',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Add tokens (at most 50 unused)',
        params: IdParams,
        body: AddEmergencyTokensBody,
        response: { 200: EmergencyTokenList, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      await services.emergencyTokens.add(tenant, actor, user, request.body.count);
      return services.emergencyTokens.list(user);
    },
  );

  api.post(
    '/users/:id/emergency-tokens/:tokenId/reveal',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'One token in clear, for Copy (logged)',
        params: TokenParams,
        response: { 200: RevealedToken, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      return { token: await services.emergencyTokens.reveal(tenant, actor, user, request.params.tokenId) };
    },
  );

  api.delete(
    '/users/:id/emergency-tokens/:tokenId',
    {
      config: { permission: 'manageUsers' },
      schema: { tags, summary: 'Revoke a token', params: TokenParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { tenant, actor, user } = await target(request, request.params.id);
      await services.emergencyTokens.revoke(tenant, actor, user, request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { ValidationError } from '../../../core/validation-error.js';
import { DeviceAuthError } from '../../../services/key/device-request-verifier.js';
import type { Services } from '../../../services/services.js';
import { HttpError } from '../../plugins/error-handler.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as sent: a device signs these bytes. */
    rawBody?: string;
  }
}

/** Errors in the admin API's `{ error, message, field? }` shape, with codes of the Key API's own (`device_not_authenticated`). */
const ErrorBody = Type.Object(
  { error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) },
  { description: 'Every 4xx/5xx answer' },
);
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody };
const tags = ['Gatehouse Key'];
const noCsrf = { skipCsrf: true };
const Enrolled = Type.Object({
  deviceId: Type.String(),
  loginId: Type.String(),
  domain: Type.String(),
  issuer: Type.String(),
  apiBase: Type.String(),
});
const Approval = Type.Object({
  id: Type.String(),
  service: Type.String(),
  ip: Type.String(),
  userAgent: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
const Device = Type.Object({
  deviceId: Type.String(),
  deviceName: Type.String(),
  loginId: Type.String(),
  domain: Type.String(),
  issuer: Type.String(),
  enrolledAt: Type.String(),
});
const DecisionParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** Protocol §4: accepting carries the number the user typed; rejecting and "This wasn't me" carry nothing else. */
const DecisionBody = Type.Object(
  {
    decision: Type.String({ enum: ['accept', 'reject', 'not-me'] }),
    number: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
  },
  { additionalProperties: false },
);
const DecisionAnswer = Type.Object({ status: Type.String({ enum: ['accepted', 'rejected', 'reported'] }) });

/**
 * `/api/key/v1` (docs/key-protocol.md): enrolment by the QR code's link, then requests signed with the device key.
 * No cookies are involved, so no CSRF token either: the signature is the proof.
 */
export async function registerKeyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(
    async (api) => {
      api.addContentTypeParser(
        'application/json',
        { parseAs: 'string', bodyLimit: 16 * 1024 },
        (request, body, done) => {
          const text = typeof body === 'string' ? body : body.toString('utf8');
          request.rawBody = text;
          try {
            done(null, text === '' ? {} : JSON.parse(text));
          } catch (error) {
            (error as { statusCode?: number }).statusCode = 400;
            done(error as Error, undefined);
          }
        },
      );

      async function signedDevice(request: FastifyRequest) {
        try {
          const device = await services.deviceRequests.verify({
            method: request.method,
            pathAndQuery: request.url,
            authorization: request.headers.authorization,
            body: request.rawBody ?? '',
          });
          return { device, ...(await services.keyEnrolment.ownerOf(device)) };
        } catch (error) {
          if (error instanceof DeviceAuthError) throw new HttpError(401, 'device_not_authenticated', error.message);
          throw error;
        }
      }

      api.post(
        '/enroll/:token',
        {
          config: noCsrf,
          schema: {
            tags,
            summary: 'Enrol a device with the link from the QR code',
            params: Type.Object({ token: Type.String({ maxLength: 200 }) }),
            body: Type.Object({
              publicKey: Type.Unknown(),
              deviceName: Type.String({ maxLength: 200 }),
              code: Type.String({ maxLength: 16 }),
            }),
            response: { 201: Enrolled, ...errors },
          },
        },
        async (request, reply) => {
          const body = request.body as { publicKey: unknown; deviceName: string; code: string };
          const enrolled = await services.keyEnrolment.enroll((request.params as { token: string }).token, body, {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? '',
          });
          return reply.code(201).send(enrolled);
        },
      );

      api.get(
        '/device',
        {
          config: noCsrf,
          schema: { tags, summary: 'The signing device and its account', response: { 200: Device, ...errors } },
        },
        async (request) => {
          const { device, tenant, user } = await signedDevice(request);
          return {
            deviceId: device.id,
            deviceName: device.name,
            loginId: user.login_id,
            domain: tenant.domain,
            issuer: tenant.otp_issuer,
            enrolledAt: new Date(device.enrolled_at).toISOString(),
          };
        },
      );

      api.get(
        '/requests',
        {
          config: noCsrf,
          schema: {
            tags,
            summary: "Pending approval requests of the device's user",
            response: { 200: Type.Object({ items: Type.Array(Approval) }), ...errors },
          },
        },
        async (request) => {
          return { items: await services.approvals.pendingFor((await signedDevice(request)).device) };
        },
      );

      api.post(
        '/requests/:id/decision',
        {
          config: noCsrf,
          schema: {
            tags,
            summary: "Accept (with the number typed from the browser), reject, or report: This wasn't me",
            params: DecisionParams,
            body: DecisionBody,
            response: { 200: DecisionAnswer, ...errors },
          },
        },
        async (request) => {
          const { device } = await signedDevice(request);
          const body = request.body as Static<typeof DecisionBody>;
          if (body.decision !== 'accept' && body.number !== undefined)
            throw new ValidationError('Only an accept carries a number.', 'number');
          return {
            status: await services.approvals.decide(
              device,
              (request.params as Static<typeof DecisionParams>).id,
              body.decision,
              body.number,
            ),
          };
        },
      );
    },
    { prefix: '/api/key/v1' },
  );
}

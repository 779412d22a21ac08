import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Services } from '../../../services/services.js';
import type { AccessLogFilter } from '../../../store/access-log.js';
import { requireAdmin } from '../../plugins/auth.js';
import { logCsv, logPage } from './log-paging.js';
import { parseQueryDate } from './query-dates.js';
import { DomainParams, ErrorBody, UserParams } from './schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const AccessLogQuery = Type.Object({
  loginId: Type.Optional(Type.String({ maxLength: 256 })),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  result: Type.Optional(Type.String({ enum: ['allowed', 'denied'] })),
  reason: Type.Optional(Type.String({ maxLength: 64 })),
  ip: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
});
const AccessLogEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  loginId: Type.String(),
  userId: Type.String(),
  ip: Type.String(),
  userAgent: Type.String(),
  service: Type.String(),
  result: Type.String(),
  reason: Type.String(),
  otpMethod: Type.String(),
});
const PassParams = Type.Object({
  domain: Type.String({ maxLength: 253 }),
  id: Type.String({ maxLength: 64 }),
  passId: Type.String({ maxLength: 64 }),
});
const EntrancePass = Type.Object({
  id: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  ip: Type.String(),
  userAgent: Type.String(),
});
const PolicyCheckBody = Type.Object(
  {
    userId: Type.String({ maxLength: 64 }),
    ip: Type.String({ maxLength: 64 }),
    at: Type.Optional(Type.String({ maxLength: 40 })),
    hasPass: Type.Boolean(),
    passAgeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36500 })),
  },
  { additionalProperties: false },
);
const PolicyCheckAnswer = Type.Object({
  allowed: Type.Boolean(),
  otpRequired: Type.Boolean(),
  otpConfigured: Type.Boolean(),
  steps: Type.Array(Type.Object({ setting: Type.String(), outcome: Type.String(), detail: Type.String() })),
});
const AdminOtpStatus = Type.Object({
  enforcement: Type.String(),
  enforcedFrom: Type.Union([Type.String(), Type.Null()]),
  enforcedNow: Type.Boolean(),
  me: Type.Object({ otpType: Type.String(), ready: Type.Boolean() }),
  adminsNotReady: Type.Array(
    Type.Object({ id: Type.String(), loginId: Type.String(), displayName: Type.String(), role: Type.String() }),
  ),
});

function filterOf(query: Static<typeof AccessLogQuery>): AccessLogFilter {
  return {
    loginId: query.loginId?.trim() || undefined,
    userId: query.userId || undefined,
    result: query.result as AccessLogFilter['result'],
    reason: query.reason?.trim() || undefined,
    ip: query.ip?.trim() || undefined,
    from: parseQueryDate(query.from, 'from'),
    to: parseQueryDate(query.to, 'to', 'to'),
  };
}

/** Access Logs, entrance passes, Policy Check and the admin OTP readiness list (SPEC §5.2, §5.3, §7). */
export function registerSignInPolicyRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/access-logs',
    {
      schema: {
        tags: ['Access Logs'],
        summary: 'Sign-in attempts, newest first',
        params: DomainParams,
        querystring: AccessLogQuery,
        response: {
          200: Type.Object({ items: Type.Array(AccessLogEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { tenant } = await requireAdmin(services, request, (request.params as Static<typeof DomainParams>).domain);
      const query = request.query as Static<typeof AccessLogQuery>;
      const filter = filterOf(query);
      return logPage(
        (limit, before) => services.accessLog.list(tenant.id, filter, limit, before),
        query.limit ?? 50,
        query.cursor,
      );
    },
  );

  app.get(
    '/access-logs.csv',
    {
      schema: {
        tags: ['Access Logs'],
        summary: 'Download Access Logs as CSV',
        params: DomainParams,
        querystring: AccessLogQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { tenant } = await requireAdmin(services, request, (request.params as Static<typeof DomainParams>).domain);
      const filter = filterOf(request.query as Static<typeof AccessLogQuery>);
      reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="access-logs-${tenant.domain}.csv"`);
      return reply.send(
        logCsv(
          ['Time', 'Login ID', 'IP', 'User Agent', 'Service', 'Result', 'Reason', 'OTP Method'],
          (limit, before) => services.accessLog.list(tenant.id, filter, limit, before),
          (e) => [e.at, e.loginId, e.ip, e.userAgent, e.service, e.result, e.reason, e.otpMethod],
        ),
      );
    },
  );

  app.get(
    '/users/:id/entrance-passes',
    {
      schema: {
        tags: ['Entrance passes'],
        summary: "A user's valid entrance passes",
        params: UserParams,
        response: { 200: Type.Object({ items: Type.Array(EntrancePass) }), ...errors },
      },
    },
    async (request) => {
      const { domain, id } = request.params as Static<typeof UserParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      return { items: await services.entrancePasses.list(await services.users.requireRow(tenant, id)) };
    },
  );

  app.delete(
    '/users/:id/entrance-passes/:passId',
    {
      schema: {
        tags: ['Entrance passes'],
        summary: 'Revoke a pass',
        params: PassParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { domain, id, passId } = request.params as Static<typeof PassParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      await services.entrancePasses.revoke(tenant, actor, await services.users.requireRow(tenant, id), passId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/policy-check',
    {
      schema: {
        tags: ['Policy Check'],
        summary: 'What a sign-in with these facts would meet (writes nothing)',
        params: DomainParams,
        body: PolicyCheckBody,
        response: { 200: PolicyCheckAnswer, ...errors },
      },
    },
    async (request) => {
      const { tenant } = await requireAdmin(services, request, (request.params as Static<typeof DomainParams>).domain);
      const body = request.body as Static<typeof PolicyCheckBody>;
      const at = body.at === undefined || body.at === '' ? undefined : parseQueryDate(body.at, 'at');
      const user = await services.users.requireRow(tenant, body.userId);
      return services.policyCheck.check(tenant, user, {
        ip: body.ip.trim(),
        at,
        hasPass: body.hasPass,
        passAgeDays: body.passAgeDays,
      });
    },
  );

  app.get(
    '/admin-otp-status',
    {
      schema: {
        tags: ['Domain Settings'],
        summary: 'Admin OTP enforcement: the banner and the admins who are not ready',
        params: DomainParams,
        response: { 200: AdminOtpStatus, ...errors },
      },
    },
    async (request) => {
      const { tenant, active } = await requireAdmin(
        services,
        request,
        (request.params as Static<typeof DomainParams>).domain,
      );
      return services.adminOtpStatus.status(tenant, active.user);
    },
  );
}

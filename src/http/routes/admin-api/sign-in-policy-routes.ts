import { Type } from 'typebox';
import {
  AccessLogPage,
  AccessLogQuery,
  AdminOtpStatus,
  DomainParams,
  EntrancePassList,
  ErrorBody,
  IdParams,
  PassParams,
  PolicyCheckQuery,
  PolicyCheckResult,
} from '../../../contract/admin-api/index.js';
import type { Services } from '../../../services/services.js';
import type { AccessLogFilter } from '../../../store/access-log.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';
import { logCsv, logPage } from './log-paging.js';
import { parseQueryDate } from './query-dates.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

function filterOf(query: AccessLogQuery): AccessLogFilter {
  return {
    loginId: query.loginId?.trim() || undefined,
    userId: query.userId || undefined,
    result: query.result,
    reason: query.reason,
    ip: query.ip?.trim() || undefined,
    service: query.service?.trim() || undefined,
    from: parseQueryDate(query.from, 'from'),
    to: parseQueryDate(query.to, 'to', 'to'),
  };
}

/** Access Logs, entrance passes, Policy Check and the admin OTP readiness list (SPEC §5.2, §5.3, §7). */
export function registerSignInPolicyRoutes(api: AdminApi, services: Services): void {
  api.get(
    '/access-logs',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Access Logs'],
        summary: 'Sign-in attempts, newest first',
        params: DomainParams,
        querystring: AccessLogQuery,
        response: { 200: AccessLogPage, ...errors },
      },
    },
    async (request) => {
      const { tenant } = adminOf(request);
      const filter = filterOf(request.query);
      return logPage(
        (limit, before) => services.accessLog.list(tenant.id, filter, limit, before),
        request.query.limit ?? 50,
        request.query.cursor,
      );
    },
  );

  api.get(
    '/access-logs.csv',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Access Logs'],
        summary: 'Download Access Logs as CSV',
        params: DomainParams,
        querystring: AccessLogQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { tenant } = adminOf(request);
      const filter = filterOf(request.query);
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

  api.get(
    '/users/:id/entrance-passes',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Entrance passes'],
        summary: "A user's valid entrance passes",
        params: IdParams,
        response: { 200: EntrancePassList, ...errors },
      },
    },
    async (request) => {
      const { tenant } = adminOf(request);
      return { items: await services.entrancePasses.list(await services.users.requireRow(tenant, request.params.id)) };
    },
  );

  api.delete(
    '/users/:id/entrance-passes/:passId',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags: ['Entrance passes'],
        summary: 'Revoke a pass',
        params: PassParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      const { id, passId } = request.params;
      await services.entrancePasses.revoke(tenant, actor, await services.users.requireRow(tenant, id), passId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/policy-check',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Policy Check'],
        summary: 'What a sign-in with these facts would meet (writes nothing)',
        params: DomainParams,
        querystring: PolicyCheckQuery,
        response: { 200: PolicyCheckResult, ...errors },
      },
    },
    async (request) => {
      const { tenant } = adminOf(request);
      const { userId, ip, at, hasPass, passAgeDays, serviceId } = request.query;
      const user = await services.users.requireRow(tenant, userId);
      const service = serviceId ? await services.connectedServices.requireService(tenant, serviceId) : undefined;
      return services.policyCheck.check(
        tenant,
        user,
        {
          ip: ip.trim(),
          at: at === undefined || at === '' ? undefined : parseQueryDate(at, 'at'),
          hasPass,
          passAgeDays,
        },
        service && {
          name: service.name,
          decide: (subject, facts) => services.serviceAccess.decide(tenant, subject, service, facts),
        },
      );
    },
  );

  api.get(
    '/admin-otp-status',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: ['Domain Settings'],
        summary: 'Admin OTP enforcement: the banner and the admins who are not ready',
        params: DomainParams,
        response: { 200: AdminOtpStatus, ...errors },
      },
    },
    async (request) => {
      const { tenant, active } = adminOf(request);
      return services.adminOtpStatus.status(tenant, active.user);
    },
  );
}

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { csvLine } from '../../../core/csv.js';
import { ROLE_LABELS } from '../../../core/roles.js';
import { STATUS_LABELS } from '../../../core/user-status.js';
import type { Services } from '../../../services/services.js';
import type { UserListFilter } from '../../../store/users.js';
import { requireAdmin } from '../../plugins/auth.js';
import { parseQueryDate } from './query-dates.js';
import {
  CreateUserBody,
  CreatedUser,
  DomainParams,
  ErrorBody,
  PasswordResetAnswer,
  ResetPasswordBody,
  UpdateUserBody,
  User,
  UserListQuery,
  UserPage,
  UserParams,
} from './schemas.js';

type ListQuery = Static<typeof UserListQuery>;

function filterOf(query: ListQuery): UserListFilter {
  return {
    q: query.q?.trim() || undefined,
    status: query.status,
    role: query.role,
    otpType: query.otpType,
    groupId: query.groupId,
    loggedIn: query.loggedIn === undefined ? undefined : query.loggedIn === 'yes',
    lastLoginFrom: parseQueryDate(query.lastLoginFrom, 'lastLoginFrom'),
    lastLoginTo: parseQueryDate(query.lastLoginTo, 'lastLoginTo', 'to'),
  };
}

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['Users'];

export function registerUserRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List users (keyset paging)',
        params: DomainParams,
        querystring: UserListQuery,
        response: { 200: UserPage, ...errors },
      },
    },
    async (request) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      const query = request.query as ListQuery;
      return services.users.list(tenant, {
        filter: filterOf(query),
        sort: query.sort ?? 'loginId',
        order: query.order ?? 'asc',
        limit: query.limit ?? 50,
        cursor: query.cursor,
      });
    },
  );

  app.get(
    '/users.csv',
    {
      schema: {
        tags,
        summary: 'Download users as CSV',
        params: DomainParams,
        querystring: UserListQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      const query = request.query as ListQuery;
      const users = services.users.iterate(tenant, filterOf(query), query.sort ?? 'loginId', query.order ?? 'asc');
      async function* lines() {
        yield csvLine([
          'Login ID',
          'Display Name',
          'Family Name',
          'Given Name',
          'Email',
          'Status',
          'Role',
          'OTP Type',
          'Access Policy Group',
          'Last Login',
          'Created',
        ]);
        for await (const u of users) {
          yield csvLine([
            u.loginId,
            u.displayName,
            u.familyName,
            u.givenName,
            u.email,
            STATUS_LABELS[u.status],
            ROLE_LABELS[u.role],
            u.otpType,
            u.groupName,
            u.lastLoginAt ?? '',
            u.createdAt,
          ]);
        }
      }
      reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="users-${tenant.domain}.csv"`);
      return reply.send(Readable.from(lines()));
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Add a user',
        params: DomainParams,
        body: CreateUserBody,
        response: { 201: CreatedUser, ...errors },
      },
    },
    async (request, reply) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      const { user, generatedPassword } = await services.users.create(
        tenant,
        actor,
        request.body as Static<typeof CreateUserBody>,
      );
      return reply.code(201).send({ ...user, ...(generatedPassword ? { generatedPassword } : {}) });
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags, summary: 'One user', params: UserParams, response: { 200: User, ...errors } } },
    async (request) => {
      const { domain, id } = request.params as Static<typeof UserParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      return services.users.get(tenant, id);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: User, ...errors },
      },
    },
    async (request) => {
      const { domain, id } = request.params as Static<typeof UserParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      return services.users.update(tenant, actor, id, request.body as Static<typeof UpdateUserBody>);
    },
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Delete a user (irreversible)',
        params: UserParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { domain, id } = request.params as Static<typeof UserParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      await services.users.remove(tenant, actor, id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/users/:id/unlock',
    { schema: { tags, summary: 'Unlock a locked-out user', params: UserParams, response: { 200: User, ...errors } } },
    async (request) => {
      const { domain, id } = request.params as Static<typeof UserParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      return services.users.unlock(tenant, actor, id);
    },
  );

  app.post(
    '/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Set or generate a new password',
        params: UserParams,
        body: ResetPasswordBody,
        response: { 200: PasswordResetAnswer, ...errors },
      },
    },
    async (request) => {
      const { domain, id } = request.params as Static<typeof UserParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      const body = (request.body ?? {}) as Static<typeof ResetPasswordBody>;
      return services.users.resetPassword(tenant, actor, id, body.password);
    },
  );
}

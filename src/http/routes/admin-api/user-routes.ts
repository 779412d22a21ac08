import { Readable } from 'node:stream';
import { Type } from 'typebox';
import {
  CreatedUser,
  CreateUserBody,
  DomainParams,
  ErrorBody,
  IdParams,
  PasswordResetAnswer,
  ResetPasswordBody,
  UpdateUserBody,
  User,
  UserListQuery,
  UserPage,
} from '../../../contract/admin-api/index.js';
import { csvLine } from '../../../core/csv.js';
import { ROLE_LABELS } from '../../../core/roles.js';
import { STATUS_LABELS } from '../../../core/user-status.js';
import type { Services } from '../../../services/services.js';
import type { UserListFilter } from '../../../store/users.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';
import { parseQueryDate } from './query-dates.js';

function filterOf(query: UserListQuery): UserListFilter {
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

export function registerUserRoutes(api: AdminApi, services: Services): void {
  api.get(
    '/users',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'List users (keyset paging)',
        params: DomainParams,
        querystring: UserListQuery,
        response: { 200: UserPage, ...errors },
      },
    },
    async (request) => {
      const { query } = request;
      return services.users.list(adminOf(request).tenant, {
        filter: filterOf(query),
        sort: query.sort ?? 'loginId',
        order: query.order ?? 'asc',
        limit: query.limit ?? 50,
        cursor: query.cursor,
      });
    },
  );

  api.get(
    '/users.csv',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'Download users as CSV',
        params: DomainParams,
        querystring: UserListQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { tenant } = adminOf(request);
      const { query } = request;
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

  api.post(
    '/users',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Add a user',
        params: DomainParams,
        body: CreateUserBody,
        response: { 201: CreatedUser, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      const { user, generatedPassword } = await services.users.create(tenant, actor, request.body);
      return reply.code(201).send({ ...user, ...(generatedPassword ? { generatedPassword } : {}) });
    },
  );

  api.get(
    '/users/:id',
    {
      config: { permission: 'viewConsole' },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: User, ...errors } },
    },
    async (request) => services.users.get(adminOf(request).tenant, request.params.id),
  );

  api.patch(
    '/users/:id',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Change a user',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return services.users.update(tenant, actor, request.params.id, request.body);
    },
  );

  api.delete(
    '/users/:id',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Delete a user (irreversible)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      await services.users.remove(tenant, actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/users/:id/unlock',
    {
      config: { permission: 'manageUsers' },
      schema: { tags, summary: 'Unlock a locked-out user', params: IdParams, response: { 200: User, ...errors } },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return services.users.unlock(tenant, actor, request.params.id);
    },
  );

  api.post(
    '/users/:id/reset-password',
    {
      config: { permission: 'manageUsers' },
      schema: {
        tags,
        summary: 'Set or generate a new password',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: PasswordResetAnswer, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return services.users.resetPassword(tenant, actor, request.params.id, request.body.password);
    },
  );
}

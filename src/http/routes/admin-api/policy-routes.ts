import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Services } from '../../../services/services.js';
import { requireAdmin } from '../../plugins/auth.js';
import { DomainParams, ErrorBody } from './schemas.js';

const IdParams = Type.Object({ domain: Type.String({ maxLength: 253 }), id: Type.String({ maxLength: 64 }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const condition = Type.String({
  maxLength: 4096,
  description: 'An access condition (SPEC §4.1); "" when the mode needs none',
});

const Group = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  isDefault: Type.Boolean(),
  userCount: Type.Integer(),
  cookieExpirationHours: Type.Integer(),
  allowAccess: Type.String({ enum: ['always', 'conditions'] }),
  allowCondition: condition,
  skipOtp: Type.String({ enum: ['always-require', 'conditions', 'always-skip'] }),
  skipOtpCondition: condition,
  allowPortalOtpSetup: Type.Boolean(),
  otpEmailChange: Type.String({ enum: ['always', 'conditions', 'never'] }),
  otpEmailChangeCondition: condition,
  allowedServices: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
/** Loosely typed: the service checks each field and words the errors (with the condition's column). */
const GroupInput = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Group settings; unknown fields are refused',
});
const IpSet = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  displayName: Type.String(),
  entries: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Template = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  displayName: Type.String(),
  condition: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const NamedInput = Type.Record(Type.String(), Type.Unknown());

/** Access Control: Access Policy Groups, IP Sets and Access Policy Templates (SPEC §4, §4.1). */
export function registerPolicyRoutes(app: FastifyInstance, services: Services): void {
  const groupTags = ['Access Policy Groups'];
  app.get(
    '/groups',
    {
      schema: {
        tags: groupTags,
        summary: 'List groups with their user counts',
        params: DomainParams,
        response: { 200: Type.Object({ items: Type.Array(Group) }), ...errors },
      },
    },
    async (request) => {
      const { tenant } = await requireAdmin(services, request, (request.params as Static<typeof DomainParams>).domain);
      return { items: await services.groups.list(tenant) };
    },
  );
  app.post(
    '/groups',
    {
      schema: {
        tags: groupTags,
        summary: 'Add a group',
        params: DomainParams,
        body: GroupInput,
        response: { 201: Group, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = await requireAdmin(
        services,
        request,
        (request.params as Static<typeof DomainParams>).domain,
      );
      return reply.code(201).send(await services.groups.create(tenant, actor, request.body as Record<string, unknown>));
    },
  );
  app.get(
    '/groups/:id',
    { schema: { tags: groupTags, summary: 'One group', params: IdParams, response: { 200: Group, ...errors } } },
    async (request) => {
      const { domain, id } = request.params as Static<typeof IdParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      return services.groups.get(tenant, id);
    },
  );
  app.patch(
    '/groups/:id',
    {
      schema: {
        tags: groupTags,
        summary: 'Change a group',
        params: IdParams,
        body: GroupInput,
        response: { 200: Group, ...errors },
      },
    },
    async (request) => {
      const { domain, id } = request.params as Static<typeof IdParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      return services.groups.update(tenant, actor, id, request.body as Record<string, unknown>);
    },
  );
  app.post(
    '/groups/:id/copy',
    {
      schema: {
        tags: groupTags,
        summary: 'Copy Access Policy Group',
        params: IdParams,
        body: GroupInput,
        response: { 201: Group, ...errors },
      },
    },
    async (request, reply) => {
      const { domain, id } = request.params as Static<typeof IdParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      return reply
        .code(201)
        .send(await services.groups.copy(tenant, actor, id, request.body as Record<string, unknown>));
    },
  );
  app.delete(
    '/groups/:id',
    {
      schema: {
        tags: groupTags,
        summary: 'Delete a group (refused while users are assigned)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { domain, id } = request.params as Static<typeof IdParams>;
      const { tenant, actor } = await requireAdmin(services, request, domain);
      await services.groups.remove(tenant, actor, id);
      return reply.code(204).send();
    },
  );

  for (const [path, service, Schema, tag] of [
    ['/ip-sets', services.ipSets, IpSet, 'IP Sets'],
    ['/templates', services.templates, Template, 'Access Policy Templates'],
  ] as const) {
    const tags = [tag];
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `List ${tag}`,
          params: DomainParams,
          response: { 200: Type.Object({ items: Type.Array(Schema) }), ...errors },
        },
      },
      async (request) => {
        const { tenant } = await requireAdmin(
          services,
          request,
          (request.params as Static<typeof DomainParams>).domain,
        );
        return { items: await service.list(tenant) };
      },
    );
    app.post(
      path,
      {
        schema: { tags, summary: 'Add', params: DomainParams, body: NamedInput, response: { 201: Schema, ...errors } },
      },
      async (request, reply) => {
        const { tenant, actor } = await requireAdmin(
          services,
          request,
          (request.params as Static<typeof DomainParams>).domain,
        );
        return reply.code(201).send(await service.create(tenant, actor, request.body as Record<string, unknown>));
      },
    );
    app.get(
      `${path}/:id`,
      { schema: { tags, summary: 'One', params: IdParams, response: { 200: Schema, ...errors } } },
      async (request) => {
        const { domain, id } = request.params as Static<typeof IdParams>;
        const { tenant } = await requireAdmin(services, request, domain);
        return service.get(tenant, id);
      },
    );
    app.patch(
      `${path}/:id`,
      { schema: { tags, summary: 'Change', params: IdParams, body: NamedInput, response: { 200: Schema, ...errors } } },
      async (request) => {
        const { domain, id } = request.params as Static<typeof IdParams>;
        const { tenant, actor } = await requireAdmin(services, request, domain);
        return service.update(tenant, actor, id, request.body as Record<string, unknown>);
      },
    );
    app.delete(
      `${path}/:id`,
      {
        schema: {
          tags,
          summary: 'Delete (refused while a condition uses it)',
          params: IdParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        const { domain, id } = request.params as Static<typeof IdParams>;
        const { tenant, actor } = await requireAdmin(services, request, domain);
        await service.remove(tenant, actor, id);
        return reply.code(204).send();
      },
    );
  }
}

import { Type } from 'typebox';
import {
  DomainParams,
  ErrorBody,
  Group,
  GroupBody,
  GroupList,
  IdParams,
  IpSet,
  IpSetBody,
  PolicyTemplate,
  PolicyTemplateBody,
} from '../../../contract/admin-api/index.js';
import type { Services } from '../../../services/services.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Access Control: Access Policy Groups, IP Sets and Access Policy Templates (SPEC §4, §4.1). */
export function registerPolicyRoutes(api: AdminApi, services: Services): void {
  const groupTags = ['Access Policy Groups'];
  api.get(
    '/groups',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags: groupTags,
        summary: 'List groups with their user counts',
        params: DomainParams,
        response: { 200: GroupList, ...errors },
      },
    },
    async (request) => ({ items: await services.groups.list(adminOf(request).tenant) }),
  );
  api.post(
    '/groups',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags: groupTags,
        summary: 'Add a group',
        params: DomainParams,
        body: GroupBody,
        response: { 201: Group, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      return reply.code(201).send(await services.groups.create(tenant, actor, request.body));
    },
  );
  api.get(
    '/groups/:id',
    {
      config: { permission: 'viewConsole' },
      schema: { tags: groupTags, summary: 'One group', params: IdParams, response: { 200: Group, ...errors } },
    },
    async (request) => services.groups.get(adminOf(request).tenant, request.params.id),
  );
  api.patch(
    '/groups/:id',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags: groupTags,
        summary: 'Change a group',
        params: IdParams,
        body: GroupBody,
        response: { 200: Group, ...errors },
      },
    },
    async (request) => {
      const { tenant, actor } = adminOf(request);
      return services.groups.update(tenant, actor, request.params.id, request.body);
    },
  );
  api.post(
    '/groups/:id/copy',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags: groupTags,
        summary: 'Copy Access Policy Group',
        params: IdParams,
        body: GroupBody,
        response: { 201: Group, ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      return reply.code(201).send(await services.groups.copy(tenant, actor, request.params.id, request.body));
    },
  );
  api.delete(
    '/groups/:id',
    {
      config: { permission: 'manageSystem' },
      schema: {
        tags: groupTags,
        summary: 'Delete a group (refused while users are assigned)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, actor } = adminOf(request);
      await services.groups.remove(tenant, actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  for (const [path, service, Schema, Body, tag] of [
    ['/ip-sets', services.ipSets, IpSet, IpSetBody, 'IP Sets'],
    ['/templates', services.templates, PolicyTemplate, PolicyTemplateBody, 'Access Policy Templates'],
  ] as const) {
    const tags = [tag];
    api.get(
      path,
      {
        config: { permission: 'viewConsole' },
        schema: {
          tags,
          summary: `List ${tag}`,
          params: DomainParams,
          response: { 200: Type.Object({ items: Type.Array(Schema) }), ...errors },
        },
      },
      async (request) => ({ items: await service.list(adminOf(request).tenant) }),
    );
    api.post(
      path,
      {
        config: { permission: 'manageSystem' },
        schema: { tags, summary: 'Add', params: DomainParams, body: Body, response: { 201: Schema, ...errors } },
      },
      async (request, reply) => {
        const { tenant, actor } = adminOf(request);
        return reply.code(201).send(await service.create(tenant, actor, request.body));
      },
    );
    api.get(
      `${path}/:id`,
      {
        config: { permission: 'viewConsole' },
        schema: { tags, summary: 'One', params: IdParams, response: { 200: Schema, ...errors } },
      },
      async (request) => service.get(adminOf(request).tenant, request.params.id),
    );
    api.patch(
      `${path}/:id`,
      {
        config: { permission: 'manageSystem' },
        schema: { tags, summary: 'Change', params: IdParams, body: Body, response: { 200: Schema, ...errors } },
      },
      async (request) => {
        const { tenant, actor } = adminOf(request);
        return service.update(tenant, actor, request.params.id, request.body);
      },
    );
    api.delete(
      `${path}/:id`,
      {
        config: { permission: 'manageSystem' },
        schema: {
          tags,
          summary: 'Delete (refused while a condition uses it)',
          params: IdParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        const { tenant, actor } = adminOf(request);
        await service.remove(tenant, actor, request.params.id);
        return reply.code(204).send(null);
      },
    );
  }
}

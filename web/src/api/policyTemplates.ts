// Access Policy Templates (docs/admin-api.md, "IP Sets and Access Policy Templates").
import type { PolicyTemplate, PolicyTemplateFields } from '@contract/admin-api';
import type { ApiClient } from './client';

const templatePath = (id: string) => `/templates/${encodeURIComponent(id)}`;

export const listPolicyTemplates = (api: ApiClient) => api.get<{ items: PolicyTemplate[] }>('/templates');
export const getPolicyTemplate = (api: ApiClient, id: string) => api.get<PolicyTemplate>(templatePath(id));
export const createPolicyTemplate = (api: ApiClient, fields: PolicyTemplateFields) =>
  api.send<PolicyTemplate>('POST', '/templates', fields);
export const updatePolicyTemplate = (api: ApiClient, id: string, fields: PolicyTemplateFields) =>
  api.send<PolicyTemplate>('PATCH', templatePath(id), fields);
export const deletePolicyTemplate = (api: ApiClient, id: string) => api.send<void>('DELETE', templatePath(id));

import type {
  CreatedUser,
  CreateUserBody,
  PasswordResetAnswer,
  UpdateUserBody,
  User,
  UserPage,
} from '@contract/admin-api';
import type { ApiClient, QueryParams } from './client';

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

export const listUsers = (api: ApiClient, query: QueryParams) => api.get<UserPage>('/users', query);
export const usersCsvUrl = (api: ApiClient, query: QueryParams) => api.url('/users.csv', query);
export const getUser = (api: ApiClient, id: string) => api.get<User>(userPath(id));
export const createUser = (api: ApiClient, user: CreateUserBody) => api.send<CreatedUser>('POST', '/users', user);
export const updateUser = (api: ApiClient, id: string, changes: UpdateUserBody) =>
  api.send<User>('PATCH', userPath(id), changes);
export const deleteUser = (api: ApiClient, id: string) => api.send<void>('DELETE', userPath(id));
export const unlockUser = (api: ApiClient, id: string) => api.send<User>('POST', `${userPath(id)}/unlock`);
export const resetPassword = (api: ApiClient, id: string) =>
  api.send<PasswordResetAnswer>('POST', `${userPath(id)}/reset-password`, {});

import type { ErrorBody } from '@contract/admin-api';
import { redirectToLogin } from '../session/loginRedirect';
import { ApiError } from './ApiError';

export type QueryParams = Record<string, string | undefined>;

export interface ApiClient {
  get<T>(path: string, query?: QueryParams): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Absolute URL of an API resource, for links such as CSV downloads. */
  url(path: string, query?: QueryParams): string;
}

export function createApiClient(domain: string, csrfToken: string | null): ApiClient {
  const base = `/api/admin/${encodeURIComponent(domain)}/v1`;

  function url(path: string, query: QueryParams = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value) params.set(name, value);
    }
    const search = params.toString();
    return search ? `${base}${path}?${search}` : `${base}${path}`;
  }

  async function request<T>(method: string, target: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

    const response = await fetch(target, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      redirectToLogin(domain);
      // The page is being replaced; settling would only flash an error on the way out.
      return new Promise<T>(() => {});
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    get: (path, query) => request('GET', url(path, query)),
    send: (method, path, body) => request(method, url(path), body),
    url,
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    return new ApiError(
      response.status,
      body.error ?? 'unknown',
      body.message ?? `Request failed (${response.status}).`,
      body.field ?? null,
    );
  } catch {
    return new ApiError(response.status, 'unknown', `Request failed (${response.status}).`, null);
  }
}

/**
 * A minimal browser stand-in over real HTTP: keeps cookies, follows no redirects by itself, and knows how
 * to sign in through the login form and to call the admin API with the CSRF token from /me.
 */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export class HttpClient {
  readonly cookies = new Map<string, string>();
  private apiCsrf: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly domain = 'example.com',
  ) {}

  async request(
    method: string,
    path: string,
    options: { json?: unknown; form?: Record<string, string>; body?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  /** The hidden _csrf value of the page at `path`. */
  async formToken(path: string): Promise<string> {
    const page = await this.request('GET', path);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!match?.[1]) throw new Error(`no CSRF field on ${path} (status ${page.status})`);
    return match[1];
  }

  async login(loginId: string, password: string, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    const token = await this.formToken(`/portal/${this.domain}/login`);
    this.apiCsrf = undefined;
    return this.request('POST', `/portal/${this.domain}/login`, {
      form: { _csrf: token, loginId, password, ...extra },
    });
  }

  /** Calls the admin API as the console does: JSON, with X-CSRF-Token on writes. */
  async api(method: string, path: string, json?: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (method !== 'GET') {
      this.apiCsrf ??= (await this.request('GET', `/api/admin/${this.domain}/v1/me`)).json<{
        csrfToken: string;
      }>().csrfToken;
      headers['x-csrf-token'] = this.apiCsrf;
    }
    return this.request(method, `/api/admin/${this.domain}/v1${path}`, { json, headers });
  }
}

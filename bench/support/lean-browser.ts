import http from 'node:http';

export interface LeanAnswer {
  status: number;
  location: string | undefined;
  /** Names of the cookies this answer set (not those it cleared). */
  setCookies: string[];
  body: string;
}

/**
 * A browser stand-in for flows of several requests (password, OTP page, code), on the same lean node:http
 * keep-alive client as FormPoster: it keeps its cookies, reads bodies, and follows no redirects. The load
 * generator shares the two cores with the server, so it stays as cheap as it can.
 */
export class LeanBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly agent: http.Agent,
    private readonly url: URL,
  ) {}

  get(path: string): Promise<LeanAnswer> {
    return this.send('GET', path);
  }

  /** Posts a urlencoded form; `headers` adds request headers of its own (an Authorization header, say). */
  post(path: string, form: Record<string, string>, headers: http.OutgoingHttpHeaders = {}): Promise<LeanAnswer> {
    return this.send('POST', path, new URLSearchParams(form).toString(), headers);
  }

  private send(method: string, path: string, body?: string, extra: http.OutgoingHttpHeaders = {}): Promise<LeanAnswer> {
    const headers: http.OutgoingHttpHeaders = { ...extra };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: this.url.hostname, port: this.url.port, path, method, agent: this.agent, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const setCookies: string[] = [];
            for (const header of response.headers['set-cookie'] ?? []) {
              const pair = header.split(';')[0] ?? '';
              const eq = pair.indexOf('=');
              const name = pair.slice(0, eq);
              const value = pair.slice(eq + 1);
              if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
              else {
                this.cookies.set(name, value);
                setCookies.push(name);
              }
            }
            resolve({
              status: response.statusCode ?? 0,
              location: response.headers.location,
              setCookies,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

/** The hidden _csrf value of a server-rendered form page. */
export function csrfFieldOf(page: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
}

import http from 'node:http';

/**
 * The lightest HTTP client Node has (node:http with keep-alive), for load generation. The load generator
 * shares the machine's two cores with the server, so its own CPU cost counts against the server: fetch
 * (undici) spends about twice as much per request.
 */
export class FormPoster {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  /** POSTs a urlencoded form; answers the status and the names of the cookies the server set. */
  post(path: string, cookie: string, form: Record<string, string>): Promise<{ status: number; setCookies: string[] }> {
    const body = new URLSearchParams(form).toString();
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: {
            cookie,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              setCookies: (response.headers['set-cookie'] ?? []).map((c) => c.split('=')[0] ?? ''),
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { verify } from '@node-rs/argon2';

export interface FloorServer {
  baseUrl: string;
  close(): Promise<void>;
}

const FORM_PAGE = (token: string) =>
  `<!doctype html><form method="post"><input type="hidden" name="_csrf" value="${token}">` +
  '<input name="loginId"><input name="password" type="password"><button>Log in</button></form>';

/**
 * The floor of any HTTP password sign-in on this machine: a bare node:http server that serves a login form,
 * parses the same urlencoded form Gatehouse's login takes, does one argon2id verify of the stored hash with the
 * same parameters, sets a session cookie and answers 303. Nothing else — no framework, no database, no CSRF
 * check — so what Gatehouse spends beyond it is the price of being a product.
 */
export async function startFloorServer(passwordHash: string): Promise<FloorServer> {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET') {
      const token = randomBytes(32).toString('base64url');
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': `floor_csrf=${token}; HttpOnly`,
      });
      response.end(FORM_PAGE(token));
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      verify(passwordHash, form.get('password') ?? '').then(
        (matches) => {
          if (!matches || !form.get('loginId')) {
            response.writeHead(401).end();
            return;
          }
          const session = `${randomBytes(16).toString('hex')}.${randomBytes(32).toString('base64url')}`;
          response.writeHead(303, {
            location: '/',
            'set-cookie': `floor_session=${session}; Path=/; HttpOnly; SameSite=Lax`,
          });
          response.end();
        },
        () => response.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the floor server has no TCP address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

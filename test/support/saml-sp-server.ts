/**
 * A tiny service-provider web application for browser tests: node:http in front of @node-saml/node-saml
 * (testServiceProvider), so that a real browser can be sent from a service to Gatehouse and back.
 *
 * - `GET /protected` sends the browser to Gatehouse with an AuthnRequest (HTTP-Redirect binding), RelayState
 *   `/protected`;
 * - `POST /acs` takes the SAMLResponse (HTTP-POST binding, urlencoded form), has node-saml validate it and answers
 *   "Signed in as <NameID>", or 403 with node-saml's error when the response is not valid.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SAML } from '@node-saml/node-saml';

export const SP_RELAY_STATE = '/protected';
const MAX_BODY_BYTES = 512 * 1024;

/** What reached the ACS, in order: each call, whether node-saml accepted it, and what it saw. */
export interface AcsCall {
  relayState: string | undefined;
  nameId?: string;
  error?: string;
}

export interface SamlSpServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  entityId: string;
  acsUrl: string;
  protectedUrl: string;
  acsCalls: AcsCall[];
  /** The SP's SAML settings, once Gatehouse's certificate is known (the server starts first: its port is in them). */
  use(sp: SAML): void;
  close(): Promise<void>;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c as '&' | '<' | '>' | '"' | "'"],
  );

function sendPage(response: ServerResponse, status: number, title: string, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><p>Test service provider</p>${body}</body></html>`,
  );
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('the posted form is too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startSamlSpServer(): Promise<SamlSpServer> {
  let sp: SAML | undefined;
  const acsCalls: AcsCall[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!sp) return sendPage(response, 503, 'Not ready', '<p>The service provider is not configured yet.</p>');
    if (request.method === 'GET' && url.pathname === '/protected') {
      const location = await sp.getAuthorizeUrlAsync(SP_RELAY_STATE, undefined, {});
      response.writeHead(302, { location, 'cache-control': 'no-store' });
      response.end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/acs') {
      const form = await readForm(request);
      const call: AcsCall = { relayState: form.get('RelayState') ?? undefined };
      acsCalls.push(call);
      const fields: Record<string, string> = {};
      for (const name of ['SAMLResponse', 'RelayState']) {
        const value = form.get(name);
        if (value !== null) fields[name] = value;
      }
      try {
        const { profile } = await sp.validatePostResponseAsync(fields);
        if (!profile) throw new Error('the response names nobody (no profile)');
        call.nameId = profile.nameID;
        return sendPage(
          response,
          200,
          'Signed in',
          `<h1 id="sp-signed-in">Signed in as ${escapeHtml(profile.nameID)}</h1>`,
        );
      } catch (error) {
        call.error = error instanceof Error ? error.message : String(error);
        return sendPage(response, 403, 'Refused', `<h1>Refused</h1><p role="alert">${escapeHtml(call.error)}</p>`);
      }
    }
    sendPage(response, 404, 'Not found', '<p>Not found.</p>');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendPage(response, 500, 'Error', `<p>${escapeHtml(String(error))}</p>`);
      else response.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    entityId: `${origin}/metadata`,
    acsUrl: `${origin}/acs`,
    protectedUrl: `${origin}/protected`,
    acsCalls,
    use(configured) {
      sp = configured;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

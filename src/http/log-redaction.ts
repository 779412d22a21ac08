import type { FastifyRequest } from 'fastify';

// Secrets that travel in a URL path, where header and body redaction (REDACTED_LOG_PATHS) cannot reach them:
// the Gatehouse Key enrolment link `/api/key/v1/enroll/<setup id>.<link secret>` (docs/key-protocol.md §1) is a
// credential until used, and Fastify logs the URL of every request.
const ENROLMENT_LINK = /(\/api\/key\/v1\/enroll\/)([^/?#]*)/i;
const SETUP_ID = /^[0-9a-f-]{36}(?=\.|%2e)/i;

/** The URL with an enrolment link's token cut down to its setup id (kept to follow a request in the log). */
function redactUrl(url: string): string {
  return url.replace(ENROLMENT_LINK, (_, path: string, token: string) => {
    const setupId = SETUP_ID.exec(token)?.[0];
    return `${path}${setupId ? `${setupId}.` : ''}[redacted]`;
  });
}

/** The pino serializer of the request Fastify logs for every request: its own fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

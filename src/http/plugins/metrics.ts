import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { METRICS_MESSAGES } from '../../core/messages.js';
import type { Metrics } from '../../services/metrics.js';
import { addressMatcher } from '../address-list.js';
import { HttpError } from './error-handler.js';

export interface MetricsAccess {
  token: string | undefined;
  allow: readonly string[];
}

/** Fixed-length digests, so that the comparison takes the same time whatever the length of the guess. */
function sameToken(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * Times every request, by route pattern (never the raw URL: one series per user id or token would grow without
 * end). Measured from the response's own `finish`, not Fastify's onResponse, so that the answers the OpenID Provider
 * writes on the raw response (hijacked replies) are timed as well.
 */
export function registerRequestTiming(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', async (request, reply) => {
    const started = process.hrtime.bigint();
    reply.raw.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(request.method, request.routeOptions.url ?? '(unmatched)', reply.raw.statusCode, seconds);
    });
  });
}

/**
 * `/metrics` for Prometheus, only to the addresses of METRICS_ALLOW or with the bearer token of METRICS_TOKEN. With
 * neither configured there is no such route (404): metrics tell how busy the server is and which services exist,
 * and an operator who did not ask for them should not find them open.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, access: MetricsAccess): void {
  if (!access.token && access.allow.length === 0) return;
  metrics.collectProcessMetrics();
  const allowed = addressMatcher(access.allow);
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const admitted = (access.token && bearer && sameToken(bearer, access.token)) || allowed(request.ip);
    if (!admitted) throw new HttpError(403, 'forbidden', METRICS_MESSAGES.forbidden);
    const { contentType, body } = await metrics.exposition();
    return reply.header('Cache-Control', 'no-store').type(contentType).send(body);
  });
}

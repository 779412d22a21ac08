import type { FastifyInstance } from 'fastify';
import { isDatabaseReachable, type Store } from '../../store/database.js';
import type { Readiness } from '../readiness.js';

/**
 * `/healthz`: the process answers (for a supervisor that restarts a hung one). `/readyz`: it should get traffic —
 * not while it drains before stopping, nor while its database cannot be reached (for the load balancer).
 */
export function registerHealthRoutes(app: FastifyInstance, store: Store, readiness: Readiness): void {
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    if (readiness.draining)
      return reply
        .code(503)
        .send({ error: 'draining', message: 'This server is stopping; send new requests elsewhere.' });
    return (await isDatabaseReachable(store))
      ? { status: 'ready' }
      : reply.code(503).send({ error: 'not_ready', message: 'The database cannot be reached.' });
  });
}

import type { FastifyInstance } from 'fastify';
import { isDatabaseReachable, type Store } from '../../store/database.js';

export function registerHealthRoutes(app: FastifyInstance, store: Store): void {
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) =>
    (await isDatabaseReachable(store))
      ? { status: 'ready' }
      : reply.code(503).send({ error: 'not_ready', message: 'The database cannot be reached.' }),
  );
}

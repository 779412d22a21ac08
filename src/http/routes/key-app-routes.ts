import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Gatehouse Key's web app (SPEC §3.3), built by Vite into `root` and served at /key/ under the same strict CSP
 * as everything else. Its service worker lives at /key/ so that its scope is the app.
 */
export async function registerKeyAppRoutes(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(root)) {
    app.get('/key/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Gatehouse Key web app has not been built. Run "npm run build".'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/key/',
    decorateReply: false,
    index: ['index.html'],
    setHeaders: (res, filePath) => {
      // Hashed assets never change; the shell, manifest and worker must be revalidated to pick up new builds.
      res.header(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      if (filePath.endsWith('.webmanifest')) res.header('Content-Type', 'application/manifest+json');
    },
  });
  app.get('/key', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/key/', 301));
}

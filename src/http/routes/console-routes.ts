import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_API_MESSAGES } from '../../core/messages.js';
import { isAdminRole } from '../../core/roles.js';
import type { Services } from '../../services/services.js';
import { sessionInTenant, tenantOf } from '../plugins/auth.js';
import { renderErrorPage } from '../pages/error-page.js';

const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * The admin console: a single-page app built by Vite into `webRoot`. Its index page is served for every path
 * under /admin/<domain>/ with a fresh style nonce; its hashed assets are served as immutable static files.
 */
export async function registerConsoleRoutes(app: FastifyInstance, services: Services, webRoot: string): Promise<void> {
  const indexFile = path.join(webRoot, 'index.html');
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/static/console/',
      index: false,
      wildcard: true,
      allowedPath: (pathName) => pathName.startsWith('/assets/'),
      setHeaders: (res) => res.header('Cache-Control', 'public, max-age=31536000, immutable'),
    });
  }

  async function serveConsole(request: FastifyRequest, reply: FastifyReply) {
    const { domain } = request.params as { domain: string };
    const tenant = await tenantOf(services, domain);
    const active = await sessionInTenant(request, tenant);
    if (!active) return reply.redirect(`/portal/${tenant.domain}/login?next=${encodeURIComponent(request.url)}`, 303);
    if (!isAdminRole(active.user.role))
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(renderErrorPage(403, ADMIN_API_MESSAGES.notAnAdministrator));
    if (!indexHtml)
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(renderErrorPage(500, 'The admin console has not been built. Run "npm run build".'));
    return reply.type('text/html; charset=utf-8').send(indexHtml.replaceAll(NONCE_PLACEHOLDER, request.styleNonce()));
  }

  app.get('/admin/:domain', async (request, reply) => {
    const { domain } = request.params as { domain: string };
    return reply.redirect(`/admin/${encodeURIComponent(domain)}/`, 301);
  });
  app.get('/admin/:domain/', serveConsole);
  app.get('/admin/:domain/*', serveConsole);
}

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Services } from '../services/services.js';
import type { Store } from '../store/database.js';
import { registerAdminApi } from './plugins/admin-api-scope.js';
import { registerSessionLookup } from './plugins/auth.js';
import type { CookiePolicy } from './plugins/cookies.js';
import { registerCsrf } from './plugins/csrf.js';
import { registerErrorHandler, replyWithError } from './plugins/error-handler.js';
import { registerMetricsRoute, registerRequestTiming } from './plugins/metrics.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerRequestIdEcho, requestIdGenerator } from './request-id.js';
import { registerAuditLogRoutes } from './routes/admin-api/audit-log-routes.js';
import { registerConnectedServiceRoutes } from './routes/admin-api/connected-service-routes.js';
import { registerOidcSigningKeyRoutes } from './routes/admin-api/oidc-signing-key-routes.js';
import { registerOtpRoutes } from './routes/admin-api/otp-routes.js';
import { registerPasskeyRoutes } from './routes/admin-api/passkey-routes.js';
import { registerPolicyRoutes } from './routes/admin-api/policy-routes.js';
import { registerSamlSigningKeyRoutes } from './routes/admin-api/saml-signing-key-routes.js';
import { registerSignInPolicyRoutes } from './routes/admin-api/sign-in-policy-routes.js';
import { registerMeAndSettingsRoutes } from './routes/admin-api/me-and-settings-routes.js';
import { registerUserRoutes } from './routes/admin-api/user-routes.js';
import { registerConsoleRoutes } from './routes/console-routes.js';
import { registerKeyRoutes } from './routes/key-api/key-routes.js';
import { registerKeyAppRoutes } from './routes/key-app-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import type { Readiness } from './readiness.js';
import { registerLoginRoutes } from './routes/portal/login-routes.js';
import { registerLoginPasskeySetupRoutes } from './routes/portal/login-passkey-setup-routes.js';
import { registerPortalOtpRoutes } from './routes/portal/portal-otp-routes.js';
import { registerPortalPasskeyRoutes } from './routes/portal/portal-passkey-routes.js';
import { registerPortalRoutes } from './routes/portal/portal-routes.js';
import { registerSamlSsoRoutes } from './routes/saml/saml-sso-routes.js';
import { OidcEngines } from './routes/oidc/oidc-engines.js';
import { registerOidcRoutes } from './routes/oidc/oidc-routes.js';
import { oidcPages } from './pages/oidc-pages.js';
import { registerSamlMetadataRoutes } from './routes/saml/saml-metadata-routes.js';

export interface AppDependencies {
  config: Config;
  store: Store;
  services: Services;
  secretKey: Buffer;
  /** Folder with the built console (dist/web) and the static files of the server pages. */
  projectRoot: string;
  logger: Logger;
  readiness: Readiness;
}

/** Paths pino must never print: credentials arrive in these. */
export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.confirmPassword',
  '*.token',
  '*.secret',
];

export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config, services, store } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    genReqId: requestIdGenerator(config.requestIdHeader, config.trustProxy),
    bodyLimit: 64 * 1024,
    requestTimeout: 30_000,
    routerOptions: { ignoreTrailingSlash: false },
    frameworkErrors: replyWithError,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const cookies: CookiePolicy = { secure: config.publicUrl?.protocol === 'https:' };

  registerRequestIdEcho(app, config.requestIdHeader);
  registerRequestTiming(app, services.metrics);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  registerErrorHandler(app);
  registerSecurityHeaders(app, { httpsOnly: cookies.secure });
  registerCsrf(app, { secretKey: deps.secretKey, cookies, publicOrigin: config.publicUrl?.origin });
  registerSessionLookup(app, services);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gatehouse Admin API',
        version: '1',
        description: 'Everything the admin console does. See docs/admin-api.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gatehouse_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
  });

  // The few files of the server-rendered pages, read once: a stylesheet, the approval page's poller, the
  // single sign-on answer's form submitter and the Passkeys page's script, with the browser half of SimpleWebAuthn
  // as its package ships it (a prebuilt bundle that defines `SimpleWebAuthnBrowser`), served from our origin.
  const webauthnBrowser = path.join(
    path.dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')),
    '..',
    'dist',
    'bundle',
    'index.umd.min.js',
  );
  for (const [route, file, type] of [
    ['gatehouse.css', path.join(deps.projectRoot, 'static', 'gatehouse.css'), 'text/css; charset=utf-8'],
    ['key-approval.js', path.join(deps.projectRoot, 'static', 'key-approval.js'), 'text/javascript; charset=utf-8'],
    ['sso-post.js', path.join(deps.projectRoot, 'static', 'sso-post.js'), 'text/javascript; charset=utf-8'],
    ['passkeys.js', path.join(deps.projectRoot, 'static', 'passkeys.js'), 'text/javascript; charset=utf-8'],
    [
      'passkey-sign-in.js',
      path.join(deps.projectRoot, 'static', 'passkey-sign-in.js'),
      'text/javascript; charset=utf-8',
    ],
    [
      'passwordless-sign-in.js',
      path.join(deps.projectRoot, 'static', 'passwordless-sign-in.js'),
      'text/javascript; charset=utf-8',
    ],
    ['vendor/simplewebauthn-browser.js', webauthnBrowser, 'text/javascript; charset=utf-8'],
  ] as const) {
    const content = readFileSync(file);
    app.get(`/static/${route}`, { schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('Cache-Control', 'public, max-age=3600').send(content),
    );
  }
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) =>
    reply.code(204).header('Cache-Control', 'public, max-age=86400').send(),
  );
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect(`/portal/${config.defaultDomain}/`, 302),
  );
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());
  registerHealthRoutes(app, store, deps.readiness);
  registerMetricsRoute(app, services.metrics, { token: config.metricsToken, allow: config.metricsAllow });
  registerLoginRoutes(app, services, cookies, config.publicUrl);
  registerLoginPasskeySetupRoutes(app, services, config.publicUrl);
  registerPortalRoutes(app, services, config.publicUrl);
  registerPortalOtpRoutes(app, services);
  registerPortalPasskeyRoutes(app, services, config.publicUrl);
  registerSamlMetadataRoutes(app, services);
  const oidcEngines = new OidcEngines(
    services,
    {
      pages: oidcPages,
      secretKeys: [deps.secretKey, ...config.previousSecretKeys],
      secureCookies: cookies.secure,
      behindProxy: config.trustProxy.length > 0,
    },
    deps.logger,
  );
  const resumeOidc = registerOidcRoutes(app, services, oidcEngines, cookies, config.publicUrl);
  registerSamlSsoRoutes(app, services, cookies, resumeOidc);
  await registerConsoleRoutes(app, services, path.join(deps.projectRoot, 'dist', 'web'));
  await registerKeyRoutes(app, services);
  await registerKeyAppRoutes(app, path.join(deps.projectRoot, 'dist', 'key'));
  await registerAdminApi(app, services, (api) => {
    registerMeAndSettingsRoutes(api, services);
    registerUserRoutes(api, services);
    registerAuditLogRoutes(api, services);
    registerOtpRoutes(api, services);
    registerPasskeyRoutes(api, services);
    registerPolicyRoutes(api, services);
    registerConnectedServiceRoutes(api, services);
    registerSignInPolicyRoutes(api, services);
    registerSamlSigningKeyRoutes(api, services);
    registerOidcSigningKeyRoutes(api, services);
  });
  return app;
}

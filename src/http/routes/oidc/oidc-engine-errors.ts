import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import type { AccessLogReason } from '../../../core/access-log-reasons.js';
import type { AccessLogService } from '../../../services/access-log-service.js';
import type { SignInClient } from '../../../services/sign-in/sign-in-context.js';
import type { TenantRow } from '../../../store/schema.js';

/** What the Access Log calls an OAuth error. */
function reasonOf(error: string): AccessLogReason {
  switch (error) {
    case 'invalid_client':
      return 'oidc-invalid-client';
    case 'invalid_grant':
      return 'oidc-invalid-grant';
    case 'invalid_token':
      return 'oidc-invalid-token';
    case 'invalid_redirect_uri':
    case 'redirect_uri_mismatch':
      return 'sso-unregistered-url';
    default:
      return 'sso-bad-request';
  }
}

/** The browser or client as Fastify saw it (its address through a trusted proxy only), for the engine's requests. */
const clients = new WeakMap<IncomingMessage, SignInClient>();
export const rememberClient = (request: IncomingMessage, client: SignInClient) => clients.set(request, client);

const PENDING = Symbol('accessLogEntry');
type LoggingContext = KoaContextWithOIDC & { [PENDING]?: Promise<void> };

/**
 * Every request the engine refuses is an Access Log entry (the service, the client's address, why), written before
 * the answer leaves; an error of the engine itself goes to the server log, never to the client.
 */
export function logEngineErrors(provider: Provider, tenant: TenantRow, accessLog: AccessLogService, logger: Logger) {
  provider.use(async (ctx: LoggingContext, next: () => Promise<unknown>) => {
    await next();
    await ctx[PENDING];
  });
  const record = (ctx: LoggingContext, error: { error?: string; error_description?: string }) => {
    const client = clients.get(ctx.req);
    const service = ctx.oidc?.client?.clientName ?? '';
    ctx[PENDING] = accessLog
      .record({
        tenantId: tenant.id,
        loginId: '',
        ip: client?.ip ?? ctx.ip,
        userAgent: client?.userAgent ?? '',
        service: service.slice(0, 256),
        result: 'denied',
        reason: reasonOf(error.error ?? ''),
        otpMethod: '',
      })
      .catch((cause: unknown) => logger.error({ err: cause }, 'could not write an Access Log entry'));
  };
  const refused = (ctx: LoggingContext, error: { error?: string }) => {
    // A refusal of Gatehouse's own (policy, consent) was logged with its reason when it was decided.
    if (error.error !== 'access_denied') record(ctx, error);
  };
  // Each endpoint's refusals have their own event.
  provider.on('authorization.error', refused);
  provider.on('grant.error', refused);
  provider.on('userinfo.error', refused);
  provider.on('introspection.error', refused);
  provider.on('revocation.error', refused);
  provider.on('end_session.error', refused);
  provider.on('jwks.error', refused);
  provider.on('discovery.error', refused);
  provider.on('server_error', (ctx: LoggingContext, error: unknown) => {
    logger.error({ err: error, path: ctx.path }, 'OpenID Provider error');
  });
}

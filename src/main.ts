import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type DestinationStream, pino, type Logger } from 'pino';
import { systemClock, type Clock } from './core/clock.js';
import type { Config } from './config.js';
import { buildApp, REDACTED_LOG_PATHS } from './http/app.js';
import { Readiness } from './http/readiness.js';
import { serializeRequest } from './http/log-redaction.js';
import { ConflictError } from './services/errors.js';
import { loadOrCreateSecretKey } from './services/secret-key.js';
import type { CreatedTenant } from './services/tenant-service.js';
import { Housekeeping } from './services/housekeeping.js';
import { createServices, type Services } from './services/services.js';
import { openStore, type Store } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';

/** The repository root, whether running from src/ (tsx) or dist/server/ (compiled). */
export const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

export interface Gatehouse {
  config: Config;
  store: Store;
  services: Services;
  app: FastifyInstance;
  /** Stops at once: housekeeping, the HTTP server (requests in flight are finished), mail, the database. */
  close(): Promise<void>;
  /**
   * Stops gracefully (SIGTERM): reports not ready at /readyz while still answering for `drainMs`, so that the load
   * balancer stops sending requests, then closes as `close` does.
   */
  shutdown(drainMs: number): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Where a generated initial admin password is announced; the server log by default. */
  announce?: (message: string) => void;
  logger?: Logger;
}

/** The server's log; `destination` (standard output by default) lets a test read what would be written. */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest },
    },
    destination,
  );
}

/**
 * The default tenant on the first start, unless it exists. Several servers starting together on an empty database
 * all try: one creates it, the others find it made (ConflictError) and go on.
 */
async function createDefaultTenant(services: Services, config: Config): Promise<CreatedTenant | undefined> {
  if (await services.tenants.findByDomain(config.defaultDomain)) return undefined;
  try {
    return await services.tenants.createTenant(config.defaultDomain, config.initialAdminPassword);
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}

/** Wires config → store → services → http; migrates and creates the default tenant on first start. */
export async function createGatehouse(config: Config, options: StartOptions = {}): Promise<Gatehouse> {
  const logger = options.logger ?? createLogger(config);
  const store = openStore(config.databaseUrl, {
    onIdleConnectionError: (error) =>
      logger.warn({ err: error }, 'an idle database connection was closed by the server'),
  });
  try {
    await migrateToLatest(store);
    const secretKey = loadOrCreateSecretKey(config.secretKey, config.dataDir);
    const services = createServices({ config, store, clock: options.clock ?? systemClock, secretKey, logger });
    const readiness = new Readiness();
    const app = await buildApp({ config, store, services, secretKey, projectRoot: PROJECT_ROOT, logger, readiness });
    const created = await createDefaultTenant(services, config);
    if (created) {
      const announce = options.announce ?? ((message: string) => app.log.warn(message));
      announce(
        created.generatedAdminPassword
          ? `Created tenant ${config.defaultDomain}. Initial admin: ${created.adminLoginId} with the generated password ${created.generatedAdminPassword} (shown only this once; change it after signing in).`
          : `Created tenant ${config.defaultDomain}. Initial admin: ${created.adminLoginId} with the password from GATEHOUSE_ADMIN_PASSWORD.`,
      );
    }
    const housekeeping = new Housekeeping(store, options.clock ?? systemClock, logger);
    housekeeping.start();
    const close = async () => {
      housekeeping.stop();
      await app.close();
      services.mail.close();
      await store.close();
    };
    return {
      config,
      store,
      services,
      app,
      close,
      async shutdown(drainMs: number) {
        readiness.startDraining();
        logger.info(`Stopping: reporting not ready for ${drainMs / 1000} s, then closing.`);
        await new Promise((resolve) => setTimeout(resolve, drainMs));
        await close();
        logger.info('Stopped.');
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

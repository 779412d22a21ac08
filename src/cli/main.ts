import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { loadOrCreateSecretKey } from '../services/secret-key.js';
import { commandLineActor } from '../services/actor.js';
import type { Services } from '../services/services.js';
import { systemClock } from '../core/clock.js';
import { ADMIN_PASSKEY_MESSAGES } from '../core/messages.js';
import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { recoverAdmin } from './recover-admin.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import { ValidationError } from '../core/validation-error.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../services/errors.js';

const USAGE = `Usage: gatehouse <command>

  serve                                   start the server (default)
  migrate                                 bring the database schema up to date
  tenant add <domain>                     create a tenant and its admin@<domain> Global Admin
  user add <login-id> [--tenant <domain>] [--role none|global-admin|user-admin|read-only-admin]
                      [--display-name <name>] [--password <password>]
  admin recover <login-id> [--tenant <domain>]
                                          reset an admin's password, unlock and enable the account,
                                          and print new OTP emergency tokens
  backup <file> [--force]                 a consistent copy of the database while the server runs (SQLite: one
                                          checked file; PostgreSQL: pg_dump's custom format); never the master key
  restore <file> [--force] [--check]      restore a backup into an empty database, checked first and migrated;
                                          needs the master key it was made with; --check only checks the file

Configuration comes from the environment; see the README.`;

/*
 * The server and the services are loaded only by the commands that use them: loading them takes a second or more,
 * which the commands that only work on the database (`migrate`, `backup`, `restore`) need not wait for.
 */
async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const [{ createServices }, { createLogger }] = await Promise.all([
    import('../services/services.js'),
    import('../main.js'),
  ]);
  const config = loadConfig();
  const store = openStore(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(store);
    const secretKey = loadOrCreateSecretKey(config.secretKey, config.dataDir);
    return await run(createServices({ config, store, clock: systemClock, secretKey, logger: createLogger(config) }));
  } finally {
    await store.close();
  }
}

async function tenantByDomain(services: Services, domain: string) {
  const tenant = await services.tenants.findByDomain(domain);
  if (!tenant) throw new NotFoundError(`There is no tenant ${domain}.`);
  return tenant;
}

async function serve(): Promise<void> {
  const { createGatehouse } = await import('../main.js');
  const config = loadConfig();
  const gatehouse = await createGatehouse(config);
  let stopping = false;
  // SIGTERM (a service manager, a rolling restart) drains first; Ctrl-C at a terminal stops at once. A second signal
  // while draining stops at once too.
  const stop = (drainMs: number) => async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await gatehouse.shutdown(drainMs);
    process.exit(0);
  };
  process.on('SIGTERM', stop(config.shutdownDrainMs));
  process.on('SIGINT', stop(0));
  await gatehouse.app.listen({ host: config.host, port: config.port });
  gatehouse.app.log.info(
    `Gatehouse is serving http://${config.host}:${config.port}/ (admin console: /admin/${config.defaultDomain}/)`,
  );
}

export async function runCli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      password: { type: 'string' },
      force: { type: 'boolean' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'serve', sub, arg] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const domain = () => values.tenant ?? loadConfig().defaultDomain;
  if (((command === 'backup' && !values.check) || command === 'restore') && sub && !arg) {
    const config = loadConfig();
    const force = values.force ?? false;
    const lines =
      command === 'backup'
        ? await backupCommand(config, sub, force)
        : await restoreCommand(config, sub, { force, check: values.check ?? false });
    console.log(lines.join('\n'));
    return 0;
  }
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'serve':
      await serve();
      return 0;
    case 'migrate': {
      const config = loadConfig();
      const store = openStore(config.databaseUrl, { poolSize: 1 });
      try {
        const { applied } = await migrateToLatest(store);
        console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'tenant add': {
      if (!arg) break;
      const created = await withServices((s) => s.tenants.createTenant(arg, values.password));
      console.log(`Created tenant ${created.tenant.domain} with Global Admin ${created.adminLoginId}.`);
      if (created.generatedAdminPassword) console.log(`Password (shown only now): ${created.generatedAdminPassword}`);
      return 0;
    }
    case 'user add': {
      if (!arg) break;
      const result = await withServices(async (s) =>
        s.users.create(await tenantByDomain(s, domain()), commandLineActor(), {
          loginId: arg,
          role: values.role,
          displayName: values['display-name'],
          password: values.password,
        }),
      );
      console.log(`Added ${result.user.loginId} (${result.user.role}).`);
      if (result.generatedPassword) console.log(`Password (shown only now): ${result.generatedPassword}`);
      return 0;
    }
    case 'admin recover': {
      if (!arg) break;
      const result = await withServices(async (s) => recoverAdmin(s, await tenantByDomain(s, domain()), arg));
      console.log(`Recovered ${result.loginId}: enabled, unlocked, other sessions ended.`);
      console.log(`New password (shown only now): ${result.password}`);
      console.log(
        `New OTP emergency tokens (each works once; the old unused ones no longer work):\n  ${result.emergencyTokens.join('\n  ')}`,
      );
      if (result.passkeyRequirementLifted) console.log(ADMIN_PASSKEY_MESSAGES.recoverLifted);
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}

export async function main(argv: string[]): Promise<void> {
  try {
    process.exitCode = await runCli(argv);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof ValidationError ||
      error instanceof ConflictError ||
      error instanceof NotFoundError ||
      error instanceof ForbiddenError
    ) {
      console.error(`gatehouse: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(`gatehouse: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

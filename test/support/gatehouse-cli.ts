import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command (`npm run build` makes dist/), as an operator runs it. */
export const GATEHOUSE_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gatehouse.js');

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `gatehouse <args>` in a child process without blocking this one, so that a server running in the test's own
 * process keeps answering meanwhile. `env` comes on top of a clean environment: a master key or database of the
 * shell the tests run in never reaches the command.
 */
export function runGatehouse(env: Record<string, string | undefined>, ...args: string[]): Promise<CommandResult> {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('GATEHOUSE_') || name === 'DATABASE_URL') delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GATEHOUSE_BIN, ...args], {
      env: { ...base, LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '4096', ARGON2_TIME_COST: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Why tests of pg_dump and pg_restore cannot run, or false; CI must not skip them. */
export function postgresClientToolsSkipReason(): string | false {
  const missing = ['pg_dump', 'pg_restore'].filter((tool) => spawnSync(tool, ['--version']).status !== 0);
  if (missing.length === 0) return false;
  const reason = `SKIPPED: ${missing.join(', ')} not installed (apt-get install postgresql-client); PostgreSQL backup tests did not run.`;
  if (process.env.CI) throw new Error(`${reason} CI must not skip them.`);
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

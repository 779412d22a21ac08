import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { accountLabel, type KeyAccount, sameAccount } from '../protocol/index.js';
import { CliError } from './cli-error.js';

// The accounts hold TOTP secrets and device private keys: one JSON file readable by its owner only.

const STATE_FILE_NAME = 'accounts.json';
const STATE_VERSION = 1;

interface StateFile {
  version: number;
  accounts: KeyAccount[];
}

/** `$GATEHOUSE_KEY_HOME` (tests), else `$XDG_CONFIG_HOME/gatehouse-key`, else `~/.config/gatehouse-key`. */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_KEY_HOME) return env.GATEHOUSE_KEY_HOME;
  const configHome = env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
  return path.join(configHome, 'gatehouse-key');
}

export function stateFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDirectory(env), STATE_FILE_NAME);
}

export async function loadAccounts(file = stateFilePath()): Promise<KeyAccount[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let state: Partial<StateFile>;
  try {
    state = JSON.parse(text) as Partial<StateFile>;
  } catch {
    throw new CliError(`The state file ${file} is not valid JSON; fix or remove it.`);
  }
  if (!Array.isArray(state.accounts))
    throw new CliError(`The state file ${file} has no accounts list; fix or remove it.`);
  return state.accounts;
}

export async function saveAccounts(accounts: KeyAccount[], file = stateFilePath()): Promise<void> {
  const directory = path.dirname(file);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const state: StateFile = { version: STATE_VERSION, accounts };
  // Write a private temporary file and rename it over the old one: a crash never leaves half a file, and the
  // secrets are never readable by others, not even for a moment. chmod because the umask may narrow `mode`.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

/** Adds the account, replacing an earlier registration of the same user (the server keeps one device per user). */
export async function storeAccount(account: KeyAccount, file = stateFilePath()): Promise<{ replaced: boolean }> {
  const accounts = await loadAccounts(file);
  const others = accounts.filter((held) => !sameAccount(held, account));
  await saveAccounts([...others, account], file);
  return { replaced: others.length !== accounts.length };
}

/**
 * The accounts a command works on: all of them without a query; else the one whose login ID or device ID is the
 * query, else those whose login ID, issuer or domain contains it.
 */
export function selectAccounts(accounts: KeyAccount[], query?: string): KeyAccount[] {
  if (accounts.length === 0) throw new CliError('No account yet: run "gatehouse-key enroll <qr.png>" first.');
  if (!query) return accounts;
  const wanted = query.toLowerCase();
  const exact = accounts.filter((a) => a.loginId.toLowerCase() === wanted || a.deviceId === query);
  if (exact.length > 0) return exact;
  const partial = accounts.filter((a) =>
    [a.loginId, a.issuer, a.domain].some((field) => field.toLowerCase().includes(wanted)),
  );
  if (partial.length > 0) return partial;
  throw new CliError(`No account matches "${query}". Accounts held: ${accounts.map(accountLabel).join(', ')}.`);
}

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function secretKeyFile(dataDir: string): string {
  return path.join(dataDir, 'secret.key');
}

/**
 * The master key as configured: GATEHOUSE_SECRET_KEY, or else `<dataDir>/secret.key` if it exists. Never creates
 * one: a restore must not invent a key that the restored secrets were not sealed under.
 */
export function findSecretKey(configured: Buffer | undefined, dataDir: string): Buffer | undefined {
  if (configured) return configured;
  const file = secretKeyFile(dataDir);
  if (!existsSync(file)) return undefined;
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key in hex; restore it from a backup.`);
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return key;
}

/**
 * The server's master key: from GATEHOUSE_SECRET_KEY, or else `<dataDir>/secret.key`, created on first start
 * with 0600 permissions. Losing it makes encrypted secrets unreadable, so it is never regenerated silently.
 */
export function loadOrCreateSecretKey(configured: Buffer | undefined, dataDir: string): Buffer {
  const found = findSecretKey(configured, dataDir);
  if (found) return found;
  const file = secretKeyFile(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // Written whole under another name, then linked into place: linking fails if the file exists, so of two servers
  // starting together on one data directory one makes the key, and the other reads it complete, never half-written.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadOrCreateSecretKey(undefined, dataDir);
  } finally {
    unlinkSync(draft);
  }
}

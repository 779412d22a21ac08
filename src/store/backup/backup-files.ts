import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-contents.js';

export type BackupFormat = 'sqlite' | 'pg_dump';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const PG_DUMP_MAGIC = Buffer.from('PGDMP', 'latin1');

/** Tells a backup's kind from its first bytes, so that nothing else is read or written for a file of neither. */
export function detectBackupFormat(file: string): BackupFormat {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  if (statSync(file).isDirectory()) throw new BackupError(`${file} is a folder, not a backup file.`);
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(SQLITE_MAGIC)) return 'sqlite';
  if (head.subarray(0, PG_DUMP_MAGIC.length).equals(PG_DUMP_MAGIC)) return 'pg_dump';
  throw new BackupError(
    `${file} is not a Gatehouse backup: it is neither a SQLite database nor a pg_dump archive in custom format ` +
      '(pg_dump --format=custom).',
  );
}

/** Refuses a backup's destination that cannot be written, or that exists when `--force` was not given. */
export function checkBackupDestination(target: string, force: boolean): void {
  const folder = path.dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new BackupError(`The folder ${folder} does not exist; create it first.`);
  if (!existsSync(target)) return;
  if (statSync(target).isDirectory()) throw new BackupError(`${target} is a folder; name a file to write.`);
  if (!force) throw new BackupError(`${target} already exists; name another file, or add --force to replace it.`);
}

/** A new, empty file readable by its owner only, beside `target` (so that a rename puts it in place atomically). */
export function createPrivateFileBeside(target: string): string {
  const file = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  closeSync(openSync(file, 'wx', 0o600));
  return file;
}

function fsyncPath(file: string, flags: string): void {
  const fd = openSync(file, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a finished, checked file to its name: flushed to disk first, then renamed, then the folder flushed, so that
 * after a crash the name holds either the old file or the whole new one. Without `force`, a hard link puts it in
 * place only if the name is still free (where the file system has no hard links, a check then a rename).
 */
export function putInPlace(file: string, target: string, force: boolean): void {
  fsyncPath(file, 'r+');
  if (force) renameSync(file, target);
  else {
    try {
      linkSync(file, target);
      unlinkSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST')
        throw new BackupError(`${target} already exists; name another file, or add --force to replace it.`);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
      if (existsSync(target))
        throw new BackupError(`${target} already exists; name another file, or add --force to replace it.`);
      renameSync(file, target);
    }
  }
  try {
    fsyncPath(path.dirname(target), 'r');
  } catch {
    // Some file systems cannot flush a folder; the rename itself is still atomic.
  }
}

/** Removes a file and the journal files SQLite may have made beside it; missing ones are fine. */
export function removeWithJournals(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

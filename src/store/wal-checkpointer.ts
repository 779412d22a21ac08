import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs in a worker thread with a connection of its own: copies the write-ahead log into the database file, and
 * with it the fsync that SQLite does then, off the thread that serves requests.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy: the next round copies what this one could not.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * SQLite's automatic checkpoint runs inside whichever commit fills the log past its limit, on the connection's
 * own thread: with better-sqlite3 that is the event loop, which then waits for the disk. This checkpoints every
 * `everyMs` from a worker thread instead; the serving connection keeps a much higher automatic limit only as a
 * backstop, should the worker ever fall behind.
 */
export function startWalCheckpointer(file: string, everyMs: number): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs } });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held by the event loop again until it has finished: closing waits for it.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

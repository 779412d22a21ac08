import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { createGatehouse, type Gatehouse } from '../../src/main.js';
import type { Dialect } from '../../src/store/database.js';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { type NodeProcess, startNodeProcess, stopNodeProcesses } from '../../test/support/node-process.js';
import { ADMIN_PASSWORD } from './bench-server.js';

/**
 * A deployment of real `gatehouse serve` processes (the built server, as operators run it) over one brand-new
 * database, with production argon2 parameters. The database is prepared first by an in-process Gatehouse with
 * the same master key (`prepare`: users, groups, connected services), which is then closed, so that the nodes
 * hold nothing the bench put in them but what they read from the database.
 */
export interface NodeDeployment {
  database: TestDatabase;
  /** The environment every node gets (its own GATEHOUSE_DATA_DIR is added per node). */
  env: Record<string, string>;
  nodes: NodeProcess[];
  startNode(): Promise<NodeProcess>;
  close(): Promise<void>;
}

export async function startNodeDeployment<T>(
  dialect: Dialect,
  options: {
    nodes: number;
    env?: Record<string, string>;
    /** Node.js options of the nodes: by default those of the `gatehouse` command (productionNodeOptions). */
    nodeOptions?: readonly string[];
    prepare: (gatehouse: Gatehouse) => Promise<T>;
  },
): Promise<NodeDeployment & { prepared: T }> {
  const database = await freshDatabase(dialect);
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    GATEHOUSE_SECRET_KEY: randomBytes(32).toString('hex'),
    GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TRUST_PROXY: '127.0.0.1',
    SHUTDOWN_DRAIN_SECONDS: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const nodes: NodeProcess[] = [];
  try {
    const gatehouse = await createGatehouse(
      loadConfig({ ...env, GATEHOUSE_DATA_DIR: `${database.dataDir}/prepare`, LOG_LEVEL: 'silent' }),
      { announce: () => undefined },
    );
    let prepared: T;
    try {
      prepared = await options.prepare(gatehouse);
    } finally {
      await gatehouse.close();
    }
    const startNode = async () => {
      const node = await startNodeProcess(
        { ...env, GATEHOUSE_DATA_DIR: `${database.dataDir}/node${nodes.length + 1}` },
        { nodeOptions: options.nodeOptions },
      );
      nodes.push(node);
      return node;
    };
    for (let n = 0; n < options.nodes; n++) await startNode();
    return {
      database,
      env,
      nodes,
      prepared,
      startNode,
      async close() {
        await stopNodeProcesses(nodes);
        await database.drop();
      },
    };
  } catch (error) {
    await stopNodeProcesses(nodes);
    await database.drop();
    throw error;
  }
}

/** Resident set size of a process, in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) / 1024;
}

/** The parts of a process's RSS, in MiB: anonymous memory (heap, stacks), mapped files (node's own code), shared. */
export function rssPartsMiB(pid: number): { rss: number; anon: number; file: number; shmem: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile'), shmem: field('RssShmem') };
}

/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat; 100 on every Linux the bench runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (10-ms resolution). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is the first, utime the 12th and stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

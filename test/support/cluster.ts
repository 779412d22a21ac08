import { randomBytes } from 'node:crypto';
import { freshDatabase, type TestDatabase } from './databases.js';
import { type Balancer, startHaproxy } from './haproxy.js';
import { type NodeProcess, startNodeProcess, stopNodeProcesses } from './node-process.js';
import { ADMIN_PASSWORD } from './test-server.js';

/**
 * A deployment as docs/operations.md describes it: `gatehouse serve` processes on one fresh PostgreSQL database,
 * each with a data directory of its own (everything shared is in the database) and the same master key, behind
 * Debian's HAProxy with TRUST_PROXY set to it.
 */
export interface Cluster {
  database: TestDatabase;
  /** Index i is the balancer's node<i+1>; a restart replaces the entry. */
  nodes: NodeProcess[];
  balancer: Balancer;
  /** The master key every node has, hex (tests seal secrets with it as the nodes do). */
  secretKeyHex: string;
  /** SIGTERM to node i (it drains, then exits), then a new process at the same address; resolves once it is ready. */
  restartNode(index: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(
  options: { nodeCount?: number; env?: Record<string, string> } = {},
): Promise<Cluster> {
  const database = await freshDatabase('postgres');
  const secretKeyHex = randomBytes(32).toString('hex');
  const envOf = (n: number) => ({
    DATABASE_URL: database.url,
    GATEHOUSE_SECRET_KEY: secretKeyHex,
    GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ARGON2_MEMORY_KIB: '4096',
    ARGON2_TIME_COST: '1',
    TRUST_PROXY: '127.0.0.1',
    SHUTDOWN_DRAIN_SECONDS: '0',
    ...options.env,
    GATEHOUSE_DATA_DIR: `${database.dataDir}/node${n}`,
  });
  const count = options.nodeCount ?? 2;
  const nodes: NodeProcess[] = [];
  try {
    // All at once, as a deployment's nodes may start: the first start's race is part of what is run.
    const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startNodeProcess(envOf(i + 1))));
    for (const outcome of started) if (outcome.status === 'fulfilled') nodes.push(outcome.value);
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const balancer = await startHaproxy(nodes.map((node) => node.baseUrl));
    return {
      database,
      nodes,
      balancer,
      secretKeyHex,
      async restartNode(index) {
        const old = nodes[index];
        if (!old) throw new Error(`the cluster has no node ${index}`);
        await stopNodeProcesses([old]);
        const port = Number(new URL(old.baseUrl).port);
        nodes[index] = await startNodeProcess(envOf(index + 1), { port });
      },
      async close() {
        await balancer.stop();
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

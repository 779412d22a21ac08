import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `gatehouse` command (npm run build makes what it runs). */
export const GATEHOUSE_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gatehouse.js');

/**
 * The Node.js options of the `gatehouse` command's `#!/usr/bin/env -S node …` line, which `npm start` and the
 * systemd unit of docs/operations.md repeat: the options every node runs with in production.
 */
export function productionNodeOptions(): string[] {
  const shebang = readFileSync(GATEHOUSE_BIN, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node((?: --?[\w-]+(?:=\S+)?)*)$/.exec(shebang);
  if (!match) throw new Error(`${GATEHOUSE_BIN} does not start with #!/usr/bin/env -S node [options]: ${shebang}`);
  return (match[1] ?? '').trim().split(' ').filter(Boolean);
}

export interface NodeProcess {
  child: ChildProcess;
  baseUrl: string;
  /** What it printed so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A `gatehouse serve` process, as a node of a deployment runs; resolves once it answers /readyz and rejects (with
 * what it printed) if it exits first. `port` is for a restart at the address the load balancer knows.
 */
export async function startNodeProcess(
  env: Record<string, string>,
  options: { port?: number; nodeOptions?: readonly string[] } = {},
): Promise<NodeProcess> {
  const port = options.port ?? (await freePort());
  const nodeOptions = options.nodeOptions ?? productionNodeOptions();
  const child = spawn(process.execPath, [...nodeOptions, GATEHOUSE_BIN, 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const node: NodeProcess = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exited: () => exit,
  };
  const giveUpAt = Date.now() + 60_000;
  while (Date.now() < giveUpAt) {
    if (child.exitCode !== null) throw new Error(`a node exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${node.baseUrl}/readyz`).catch(() => undefined);
    if (ready?.ok) return node;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`a node did not become ready:\n${output}`);
}

/** Stops the nodes (SIGKILL if SIGTERM is not enough within 15 s) and waits for them to end. */
export async function stopNodeProcesses(nodes: readonly NodeProcess[]): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      if (node.child.exitCode !== null) return;
      node.child.kill('SIGTERM');
      const timer = setTimeout(() => node.child.kill('SIGKILL'), 15_000);
      await node.exited();
      clearTimeout(timer);
    }),
  );
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './node-process.js';

export const HAPROXY_PATH = '/usr/sbin/haproxy';

/** Why HAProxy tests cannot run here, or false. */
export function haproxySkipReason(): string | false {
  const probe = spawnSync(HAPROXY_PATH, ['-v'], { encoding: 'utf8' });
  return probe.status === 0 ? false : `HAProxy is not installed at ${HAPROXY_PATH} (apt-get install haproxy)`;
}

export interface Balancer {
  baseUrl: string;
  /** What HAProxy printed: its log has the requests that ended abnormally (errors, retries, redispatches). */
  output(): string;
  /** HAProxy's process ID (for benches that read its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

/** The response header that names the node (node1, node2, …) which answered through the balancer. */
export const SERVED_BY_HEADER = 'x-served-by';

/**
 * Debian's HAProxy in front of the nodes: round-robin, no stickiness, X-Forwarded-For added, a node taken out when
 * /readyz fails twice (checked every 300 ms, an answer awaited up to 2 s), and a request whose connection a dead node refused sent to another.
 * Each answer names the node that gave it, so that tests can see the load spread; only abnormal requests are logged.
 */
export async function startHaproxy(nodeBaseUrls: readonly string[]): Promise<Balancer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-haproxy-'));
  const servers = nodeBaseUrls.map((url, i) => `  server node${i + 1} ${new URL(url).host} check`).join('\n');
  const config = `global
  maxconn 4096
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  option dontlog-normal
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout check 2s
  option forwardfor
  option redispatch
  retries 3
frontend gatehouse
  bind 127.0.0.1:${port}
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  http-response set-header ${SERVED_BY_HEADER} %[srv_name]
  # The node's "Keep-Alive: timeout=72" is about the balancer's connection to it; passed on, clients keep
  # connections idle longer than HAProxy does (timeout client) and send on one HAProxy is closing.
  http-response del-header keep-alive
  default-server inter 300ms fall 2 rise 1
${servers}
`;
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child: ChildProcess = spawn(HAPROXY_PATH, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const giveUpAt = Date.now() + 20_000;
  while (Date.now() < giveUpAt) {
    if (child.exitCode !== null) throw new Error(`HAProxy exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
    if (ready?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    output: () => output,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

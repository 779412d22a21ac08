import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/main.js';

/** The `gatehouse-key` command as installed (bin/gatehouse-key.js runs the built CLI in dist/key-cli). */
export const KEY_BIN = path.join(PROJECT_ROOT, 'bin', 'gatehouse-key.js');

export interface KeyRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Whether `npm run build` made the Key CLI that KEY_BIN runs. */
export const keyCliBuilt = (): boolean => existsSync(path.join(PROJECT_ROOT, 'dist', 'key-cli', 'cli', 'main.js'));

/**
 * Runs `gatehouse-key` as a user would, with its accounts in `home`; `input` is what the user types. Asynchronous on
 * purpose: the server under test runs in this process, and a synchronous child would stop it from answering.
 */
export function runKey(
  home: string,
  args: string[],
  options: { timeoutMs?: number; input?: string } = {},
): Promise<KeyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEY_BIN, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, GATEHOUSE_KEY_HOME: home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Without input an interactive question ends with "No answer given." instead of hanging.
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(`gatehouse-key ${args.join(' ')} did not finish in time.\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

export function describeRun(run: KeyRun): string {
  return `exit ${run.exitCode}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
}

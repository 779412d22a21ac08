/**
 * The load generator of the sign-in benchmarks, run as a child process of `npm run bench` so that its CPU is
 * not the server's: it drives the same sign-ins against Gatehouse and against the floor server, taking turns
 * as the parent asks. Each worker is one browser (node:http keep-alive, a cookie jar) that loaded the login
 * form once and signs in from scratch again and again, dropping the new session cookie.
 */
import http from 'node:http';
import { timeStepAt, totpCode } from '../../src/core/otp/totp.js';
import { csrfFieldOf, LeanBrowser } from './lean-browser.js';

export type SignInFlow = 'password' | 'password-totp';

export interface GeneratorTarget {
  baseUrl: string;
  loginPath: string;
  flow: SignInFlow;
  /** The cookie whose arrival means "signed in". */
  sessionCookie: string;
}

export interface GeneratorUser {
  loginId: string;
  /** Base32 TOTP secret, for the password-totp flow. */
  secret?: string;
}

export type GeneratorCommand =
  | {
      type: 'setup';
      targets: Record<string, GeneratorTarget>;
      users: GeneratorUser[];
      password: string;
      workers: number;
    }
  | { type: 'run'; target: string; concurrency: number; seconds: number }
  | { type: 'exit' };

export type GeneratorReply =
  | { type: 'ready' }
  | { type: 'result'; completed: number; seconds: number; cpuMs: number }
  | { type: 'error'; message: string };

interface Worker {
  browser: LeanBrowser;
  token: string;
}

const send = (reply: GeneratorReply) => process.send?.(reply);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let targets: Record<string, { target: GeneratorTarget; workers: Worker[] }> = {};
let users: (GeneratorUser & { lastStep: number })[] = [];
let password = '';
let nextUser = 0;

/** The next user whose code of this step was not used yet: the replay guard accepts a code once. */
function takeUser(step: number) {
  for (let tried = 0; tried < users.length; tried++) {
    const user = users[nextUser++ % users.length]!;
    if (user.lastStep < step) {
      user.lastStep = step;
      return user;
    }
  }
  throw new Error(`all ${users.length} users already signed in during this 30-s step`);
}

function fail(what: string, answer: { status: number; body: string }): Error {
  const shown = /role="alert">([^<]*)/.exec(answer.body)?.[1] ?? answer.body.replace(/\s+/g, ' ').slice(0, 200);
  return new Error(`${what} answered HTTP ${answer.status}: ${shown}`);
}

async function signIn(target: GeneratorTarget, worker: Worker): Promise<void> {
  const now = Date.now();
  const user = target.flow === 'password-totp' ? takeUser(timeStepAt(now)) : users[nextUser++ % users.length]!;
  const { browser } = worker;
  const form = { _csrf: worker.token, loginId: user.loginId, password };
  const first = await browser.post(target.loginPath, form);
  if (target.flow === 'password') {
    if (first.status !== 303 || !first.setCookies.includes(target.sessionCookie))
      throw fail('the password POST', first);
  } else {
    if (first.status !== 303 || first.location !== `${target.loginPath}/otp`) throw fail('the password POST', first);
    const page = await browser.get(`${target.loginPath}/otp`);
    const token = csrfFieldOf(page.body);
    if (page.status !== 200 || !token) throw fail('the OTP page', page);
    const code = await browser.post(`${target.loginPath}/otp`, { _csrf: token, code: totpCode(user.secret!, now) });
    if (code.status !== 303 || !code.setCookies.includes(target.sessionCookie)) throw fail('the code POST', code);
  }
  browser.cookies.delete(target.sessionCookie);
}

async function run(name: string, concurrency: number, seconds: number): Promise<GeneratorReply> {
  const entry = targets[name];
  if (!entry) throw new Error(`no target ${name}`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + seconds * 1000;
  let completed = 0;
  await Promise.all(
    entry.workers.slice(0, concurrency).map(async (worker) => {
      while (performance.now() < deadline) {
        await signIn(entry.target, worker);
        completed++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    type: 'result',
    completed,
    seconds: (performance.now() - started) / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function setup(command: Extract<GeneratorCommand, { type: 'setup' }>): Promise<GeneratorReply> {
  password = command.password;
  users = command.users.map((user) => ({ ...user, lastStep: Number.NEGATIVE_INFINITY }));
  targets = {};
  for (const [name, target] of Object.entries(command.targets)) {
    const workers = await Promise.all(
      Array.from({ length: command.workers }, async () => {
        const browser = new LeanBrowser(agent, new URL(target.baseUrl));
        const token = csrfFieldOf((await browser.get(target.loginPath)).body);
        if (!token) throw new Error(`no CSRF field on ${target.baseUrl}${target.loginPath}`);
        return { browser, token };
      }),
    );
    targets[name] = { target, workers };
  }
  return { type: 'ready' };
}

process.on('message', (command: GeneratorCommand) => {
  if (command.type === 'exit') {
    agent.destroy();
    process.exit(0);
  }
  const work = command.type === 'setup' ? setup(command) : run(command.target, command.concurrency, command.seconds);
  work.then(send, (error: unknown) =>
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});

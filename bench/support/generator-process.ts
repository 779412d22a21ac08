import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GeneratorCommand, GeneratorReply } from './load-generator.js';
import { round, type Throughput } from './stats.js';

export type GeneratorRun = Throughput & { generatorCpuMsPerOperation: number };

/** The parent's handle on the load generator child process (support/load-generator.ts). */
export class GeneratorProcess {
  private readonly child: ChildProcess;

  private constructor() {
    this.child = fork(fileURLToPath(new URL('./load-generator.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  static async start(setup: Extract<GeneratorCommand, { type: 'setup' }>): Promise<GeneratorProcess> {
    const generator = new GeneratorProcess();
    await generator.ask(setup);
    return generator;
  }

  /**
   * Sign-ins per second against one target. The CPU figure is the *server's*: this (the server's) process's
   * CPU time during the run, divided by the sign-ins; the generator's own CPU is reported beside it.
   */
  async run(target: string, concurrency: number, seconds: number): Promise<GeneratorRun> {
    const cpuBefore = process.cpuUsage();
    const reply = await this.ask({ type: 'run', target, concurrency, seconds });
    if (reply.type !== 'result') throw new Error('the generator gave no result');
    const cpu = process.cpuUsage(cpuBefore);
    return {
      concurrency,
      completed: reply.completed,
      seconds: round(reply.seconds),
      perSecond: round(reply.completed / reply.seconds),
      cpuMsPerOperation: round((cpu.user + cpu.system) / 1000 / reply.completed),
      generatorCpuMsPerOperation: round(reply.cpuMs / reply.completed),
    };
  }

  close(): void {
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies GeneratorCommand);
  }

  private ask(command: GeneratorCommand): Promise<GeneratorReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: GeneratorReply) => {
        this.child.off('exit', onExit);
        if (reply.type === 'error') reject(new Error(`load generator: ${reply.message}`));
        else resolve(reply);
      });
      this.child.send(command);
    });
  }
}

import { createInterface, type Interface } from 'node:readline';
import { CliError } from './cli-error.js';

// One reader for the whole run, queueing lines: with piped input ("47\na\n") the first read takes every line at
// once, and a reader per question would lose the later answers.

interface LineReader {
  lines: Interface;
  queued: string[];
  waiting?: (line: string | undefined) => void;
  closed: boolean;
}

let reader: LineReader | undefined;

function lineReader(): LineReader {
  if (reader) return reader;
  const state: LineReader = {
    lines: createInterface({ input: process.stdin, output: process.stdout }),
    queued: [],
    closed: false,
  };
  state.lines.on('line', (line) => {
    if (state.waiting) state.waiting(line);
    else state.queued.push(line);
  });
  state.lines.on('close', () => {
    state.closed = true;
    state.waiting?.(undefined);
  });
  reader = state;
  return state;
}

/** Asks one question; a closed input (Ctrl-D, a pipe that ran dry) is an error, not a hang. */
export async function ask(question: string): Promise<string> {
  const state = lineReader();
  state.lines.setPrompt(question);
  state.lines.prompt();
  const line =
    state.queued.shift() ??
    (state.closed
      ? undefined
      : await new Promise<string | undefined>((resolve) => {
          state.waiting = (answer) => {
            state.waiting = undefined;
            resolve(answer);
          };
        }));
  if (line === undefined) throw new CliError('\nNo answer given.');
  // Piped answers are not echoed by the terminal; echo them so the transcript reads like a session.
  if (!process.stdin.isTTY) process.stdout.write(`${line}\n`);
  return line.trim();
}

/** Asks until `accept` returns a value (not undefined). */
export async function askUntil<T>(
  question: string,
  accept: (answer: string) => T | undefined,
  hint: string,
): Promise<T> {
  for (;;) {
    const value = accept(await ask(question));
    if (value !== undefined) return value;
    console.log(hint);
  }
}

/** Lets the process end: an open reader keeps stdin, and so the process, alive. */
export function closePrompt(): void {
  reader?.lines.close();
  reader = undefined;
}

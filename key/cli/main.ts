import { parseArgs } from 'node:util';
import { KeyProtocolError, KeyUriError } from '../protocol/index.js';
import { approveCommand } from './approve-command.js';
import { CliError, UsageError } from './cli-error.js';
import { codeCommand } from './code-command.js';
import { enrollCommand } from './enroll-command.js';
import { listCommand } from './list-command.js';
import { closePrompt } from './prompt.js';
import { watchCommand } from './watch-command.js';

const HELP = `gatehouse-key: the Gatehouse Key companion app on the command line.

Usage:
  gatehouse-key enroll <qr.png | otpauth-uri> [--name <device name>]
      Register this device from the OTP setup QR code (a PNG image, or the otpauth:// link itself).
  gatehouse-key code [account]
      Print the current 6-digit code of each account (only the code when an account is named).
  gatehouse-key list
      List the accounts held.
  gatehouse-key approve [--account <loginId>] [--number <nn> | --reject | --not-me] [--request <id>] [--wait <seconds>]
      Answer a pending sign-in. Accepting takes the number the browser shows, typed by you: --number <nn>, or at
      the question asked when no answer is given. --reject refuses the sign-in; --not-me ("This wasn't me")
      refuses it and flags it for your administrators. --wait polls until a request appears.
  gatehouse-key watch [--account <loginId>]
      Print sign-in requests as they arrive (Ctrl-C to stop); answer them with "gatehouse-key approve".

Accounts are kept in $GATEHOUSE_KEY_HOME, else $XDG_CONFIG_HOME/gatehouse-key, else ~/.config/gatehouse-key.
`;

function parse(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun "gatehouse-key help" for usage.`);
  }
}

function atMostOnePositional(positionals: string[], command: string): string | undefined {
  if (positionals.length > 1) throw new UsageError(`"gatehouse-key ${command}" takes at most one argument.`);
  return positionals[0];
}

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,2}$/.test(text))
    throw new UsageError(`--number must be the two-digit number shown in the browser, not "${text}".`);
  return Number(text);
}

function parseWait(text: string | undefined): number {
  if (text === undefined) return 0;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(`--wait must be a number of seconds, not "${text}".`);
  return seconds;
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'enroll': {
      const { values, positionals } = parse(rest, { name: { type: 'string' } });
      return enrollCommand(atMostOnePositional(positionals, 'enroll'), values.name as string | undefined);
    }
    case 'code': {
      const { positionals } = parse(rest);
      return codeCommand(atMostOnePositional(positionals, 'code'));
    }
    case 'list':
    case 'ls':
      parse(rest);
      return listCommand();
    case 'approve': {
      const { values, positionals } = parse(rest, {
        account: { type: 'string' },
        number: { type: 'string' },
        reject: { type: 'boolean' },
        'not-me': { type: 'boolean' },
        request: { type: 'string' },
        wait: { type: 'string' },
      });
      if (positionals.length > 0)
        throw new UsageError('"gatehouse-key approve" takes options only; see "gatehouse-key help".');
      return approveCommand({
        account: values.account as string | undefined,
        number: parseNumber(values.number as string | undefined),
        reject: values.reject === true,
        notMe: values['not-me'] === true,
        request: values.request as string | undefined,
        waitSeconds: parseWait(values.wait as string | undefined),
      });
    }
    case 'watch': {
      const { values, positionals } = parse(rest, { account: { type: 'string' } });
      return watchCommand(atMostOnePositional(positionals, 'watch') ?? (values.account as string | undefined));
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

/** Entry point of bin/gatehouse-key.js. Expected failures print one clear line; only bugs show a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv);
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      process.exitCode = error.exitCode;
    } else if (error instanceof KeyProtocolError || error instanceof KeyUriError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  } finally {
    closePrompt();
  }
}

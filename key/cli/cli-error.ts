/** A failure to report as one plain line (no stack trace): bad input, nothing to do, a refusal. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2 for a wrong command line, 1 for everything else. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

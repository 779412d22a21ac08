import { type Decision, KeyClient, KeyProtocolError } from '../protocol/index.js';
import { loadAccounts, selectAccounts } from './account-store.js';
import { CliError, UsageError } from './cli-error.js';
import { fetchPendingRequests, sleep } from './pending-requests.js';
import { askUntil } from './prompt.js';
import { describeRequest, formatChoice, newestFirst, type PendingRequest } from './request-display.js';

export interface ApproveOptions {
  account?: string;
  /** The number the browser shows. */
  number?: number;
  accept: boolean;
  reject: boolean;
  request?: string;
  /** How long to poll for a request to appear; 0 looks once. */
  waitSeconds: number;
}

const POLL_INTERVAL_MS = 1000;

/** The flags make it scriptable: with any of --number/--accept/--reject nothing is asked. */
function isScripted(options: ApproveOptions): boolean {
  return options.number !== undefined || options.accept || options.reject;
}

function checkOptions(options: ApproveOptions): void {
  if (options.accept && options.reject) throw new UsageError('Give --accept or --reject, not both.');
  if (options.accept && options.number === undefined) {
    throw new UsageError('--accept needs --number: the number shown in the browser.');
  }
}

function matches(options: ApproveOptions, { request }: PendingRequest): boolean {
  if (options.request !== undefined && request.id !== options.request) return false;
  // A number none of the three choices offers cannot be this request's; leave it pending rather than burn it.
  if (options.number !== undefined && !options.reject && !request.choices.includes(options.number)) return false;
  return true;
}

async function waitForRequests(options: ApproveOptions): Promise<PendingRequest[]> {
  const accounts = selectAccounts(await loadAccounts(), options.account);
  const deadline = Date.now() + options.waitSeconds * 1000;
  let announced = false;
  for (;;) {
    const found = (await fetchPendingRequests(accounts))
      .filter((pending) => matches(options, pending))
      .sort(newestFirst);
    if (found.length > 0 || Date.now() >= deadline) return found;
    if (!announced) {
      console.error(`Waiting up to ${options.waitSeconds} s for a sign-in request…`);
      announced = true;
    }
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
  }
}

function nothingPendingMessage(options: ApproveOptions): string {
  if (options.request !== undefined) return `No pending sign-in request ${options.request}.`;
  if (options.number !== undefined && !options.reject)
    return `No pending sign-in request offers the number ${options.number}.`;
  return 'No pending sign-in request.';
}

/** Several pending: scripts take the newest (the sign-in just made); people choose. */
async function chooseRequest(found: PendingRequest[], scripted: boolean): Promise<PendingRequest> {
  if (found.length === 1 || scripted) return found[0]!;
  found.forEach((pending, i) => console.log(`[${i + 1}] ${describeRequest(pending)}\n`));
  return askUntil(
    `Which request? [1-${found.length}]: `,
    (answer) => found[Number(answer) - 1],
    `Type a number from 1 to ${found.length}.`,
  );
}

/** Asks for the number among the three, then Accept or Reject; "r" at the first question rejects at once. */
async function askDecision(pending: PendingRequest): Promise<{ decision: Decision; number?: number }> {
  const { choices } = pending.request;
  const shown = choices.map(formatChoice);
  const number = await askUntil(
    `Which number does the browser show? (${shown.join(' / ')}, or r to reject): `,
    (answer) =>
      /^r(eject)?$/i.test(answer)
        ? ('reject' as const)
        : /^\d{1,2}$/.test(answer)
          ? choices.find((choice) => choice === Number(answer))
          : undefined,
    `Type one of ${shown.join(', ')}, or r.`,
  );
  if (number === 'reject') return { decision: 'reject' };
  const decision = await askUntil<Decision>(
    'Accept or Reject? [a/r]: ',
    (answer) => (/^a(ccept)?$/i.test(answer) ? 'accept' : /^r(eject)?$/i.test(answer) ? 'reject' : undefined),
    'Type a to accept or r to reject.',
  );
  return decision === 'accept' ? { decision, number } : { decision };
}

export async function approveCommand(options: ApproveOptions): Promise<void> {
  checkOptions(options);
  const scripted = isScripted(options);
  const found = await waitForRequests(options);
  if (found.length === 0) throw new CliError(nothingPendingMessage(options));
  const pending = await chooseRequest(found, scripted);
  console.log(describeRequest(pending));

  const answer: { decision: Decision; number?: number } = options.reject
    ? { decision: 'reject' }
    : options.number !== undefined
      ? { decision: 'accept', number: options.number }
      : await askDecision(pending);

  try {
    const { status } = await new KeyClient(pending.account).decide(pending.request.id, answer.decision, answer.number);
    console.log(status === 'accepted' ? 'Accepted' : 'Rejected');
  } catch (error) {
    if (error instanceof KeyProtocolError) throw new CliError(error.message);
    throw error;
  }
}

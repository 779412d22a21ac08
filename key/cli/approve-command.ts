import { type Decision, type DecisionStatus, KeyClient, KeyProtocolError } from '../protocol/index.js';
import { loadAccounts, selectAccounts } from './account-store.js';
import { CliError, UsageError } from './cli-error.js';
import { fetchPendingRequests, sleep } from './pending-requests.js';
import { askUntil } from './prompt.js';
import { describeRequest, newestFirst, type PendingRequest } from './request-display.js';

export interface ApproveOptions {
  account?: string;
  /** The number the browser shows, as the user typed it on the command line. */
  number?: number;
  reject: boolean;
  notMe: boolean;
  request?: string;
  /** How long to poll for a request to appear; 0 looks once. */
  waitSeconds: number;
}

const POLL_INTERVAL_MS = 1000;

const OUTCOMES: Record<DecisionStatus, string> = {
  accepted: 'Accepted',
  rejected: 'Rejected',
  reported: 'Reported: the sign-in was refused and flagged for your administrators.',
};

/** The decision the flags already make, if any; more than one is a contradiction. */
function decisionOfFlags(options: ApproveOptions): Decision | undefined {
  const given = [options.number !== undefined, options.reject, options.notMe].filter(Boolean).length;
  if (given > 1) throw new UsageError('Give one of --number, --reject and --not-me.');
  if (options.number !== undefined) return { decision: 'accept', number: options.number };
  if (options.reject) return { decision: 'reject' };
  if (options.notMe) return { decision: 'not-me' };
  return undefined;
}

async function waitForRequests(options: ApproveOptions): Promise<PendingRequest[]> {
  const accounts = selectAccounts(await loadAccounts(), options.account);
  const deadline = Date.now() + options.waitSeconds * 1000;
  let announced = false;
  for (;;) {
    const found = (await fetchPendingRequests(accounts))
      .filter(({ request }) => options.request === undefined || request.id === options.request)
      .sort(newestFirst);
    if (found.length > 0 || Date.now() >= deadline) return found;
    if (!announced) {
      console.error(`Waiting up to ${options.waitSeconds} s for a sign-in request…`);
      announced = true;
    }
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
  }
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

/**
 * The user types the number the browser shows (that is the Accept), or r to reject, or n for "This wasn't me".
 * Nothing hints at the number: a user who does not see the browser cannot answer it.
 */
function askDecision(): Promise<Decision> {
  return askUntil<Decision>(
    "Type the number shown in the browser to accept, r to reject, or n if this wasn't you: ",
    (answer) => {
      if (/^\d{1,2}$/.test(answer)) return { decision: 'accept', number: Number(answer) };
      if (/^r(eject)?$/i.test(answer)) return { decision: 'reject' };
      if (/^n(ot-?me)?$/i.test(answer)) return { decision: 'not-me' };
      return undefined;
    },
    'Type the two-digit number the browser shows, r, or n.',
  );
}

export async function approveCommand(options: ApproveOptions): Promise<void> {
  const flagged = decisionOfFlags(options);
  const found = await waitForRequests(options);
  if (found.length === 0)
    throw new CliError(
      options.request === undefined ? 'No pending sign-in request.' : `No pending sign-in request ${options.request}.`,
    );
  const pending = await chooseRequest(found, flagged !== undefined);
  console.log(describeRequest(pending));
  const decision = flagged ?? (await askDecision());
  try {
    const { status } = await new KeyClient(pending.account).decide(pending.request.id, decision);
    console.log(OUTCOMES[status] ?? `The server answered "${String(status)}".`);
  } catch (error) {
    if (error instanceof KeyProtocolError) throw new CliError(error.message);
    throw error;
  }
}

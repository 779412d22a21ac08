import { useCallback, useEffect, useMemo, useState } from 'react';
import { TOTP_PERIOD_SECONDS, timeStepAt } from '../../protocol/index.js';
import { deleteAccount, loadAccounts, onAccountsChangedElsewhere, saveAccount } from './account-store.js';
import { accountName, accountsReplacedBy, type DeviceAccount, type StoredAccount } from './accounts.js';
import { AccountCard } from './components/AccountCard.js';
import { AddAccount } from './components/AddAccount.js';
import { type Outcome, OutcomeNotice, SignInRequest } from './components/SignInRequest.js';
import { errorMessage, useNow } from './hooks.js';
import { totpCodeWithKey } from './one-time-code.js';
import { usePendingRequests } from './pending-requests.js';

interface Notice {
  title: string;
  detail: string;
}

export function App() {
  const [accounts, setAccounts] = useState<StoredAccount[]>();
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [adding, setAdding] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const now = useNow();
  const step = timeStepAt(now);
  const codes = useCodes(accounts, step);
  const { polls, refresh, resume } = usePendingRequests(accounts ?? NO_ACCOUNTS);

  const reload = useCallback(async () => {
    try {
      setAccounts(await loadAccounts());
    } catch (error) {
      setProblem(`The accounts could not be read from this browser's storage: ${errorMessage(error)}`);
    }
  }, []);
  useEffect(() => {
    void reload();
    return onAccountsChangedElsewhere(() => void reload());
  }, [reload]);

  const added = useCallback(
    async (account: StoredAccount) => {
      await saveAccount(account, accountsReplacedBy(account, accounts ?? []));
      // Ask the browser not to evict the keys under storage pressure (granted silently to installed apps).
      void navigator.storage?.persist?.().catch(() => false);
      setNotice(
        account.kind === 'device'
          ? { title: 'Registration completed', detail: `${accountName(account)}: sign-ins can now be approved here.` }
          : { title: 'Account added', detail: `${accountName(account)}: codes only.` },
      );
      setAdding(false);
      await reload();
    },
    [accounts, reload],
  );

  const removed = useCallback(
    async (account: StoredAccount) => {
      try {
        await deleteAccount(account.id);
        setNotice({ title: 'Account removed', detail: accountName(account) });
      } catch (error) {
        setProblem(`The account could not be removed: ${errorMessage(error)}`);
      }
      await reload();
    },
    [reload],
  );

  const answered = useCallback(
    (outcome: Outcome) => {
      setOutcomes((current) => [outcome, ...current.filter((old) => old.requestId !== outcome.requestId)].slice(0, 5));
      refresh();
    },
    [refresh],
  );

  const pending = useMemo(() => {
    const devices = (accounts ?? []).filter((account): account is DeviceAccount => account.kind === 'device');
    const answeredIds = new Set(outcomes.map((outcome) => outcome.requestId));
    return devices.flatMap((account) =>
      (polls.get(account.id)?.items ?? [])
        .filter((request) => !answeredIds.has(request.id))
        .map((request) => ({ account, request })),
    );
  }, [accounts, polls, outcomes]);

  useEffect(() => {
    document.title = pending.length > 0 ? `(${pending.length}) Gatehouse Key` : 'Gatehouse Key';
  }, [pending.length]);

  const showForm = accounts !== undefined && (accounts.length === 0 || adding);

  return (
    <>
      <header className="app-header">
        <img src={`${import.meta.env.BASE_URL}icon.svg`} alt="" width={32} height={32} />
        <h1>Gatehouse Key</h1>
      </header>
      <main>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div role="status" className={notice ? 'card notice' : 'visually-hidden'}>
          {notice && (
            <>
              <p className="notice-title">{notice.title}</p>
              <p className="small-text">{notice.detail}</p>
              <button type="button" className="link" onClick={() => setNotice(undefined)}>
                Dismiss
              </button>
            </>
          )}
        </div>

        {(pending.length > 0 || outcomes.length > 0) && (
          <section aria-labelledby="requests-title">
            <h2 id="requests-title">Sign-in requests</h2>
            {pending.map(({ account, request }) => (
              <SignInRequest key={request.id} account={account} request={request} now={now} onAnswered={answered} />
            ))}
            {outcomes.map((outcome) => (
              <OutcomeNotice
                key={outcome.requestId}
                outcome={outcome}
                onDismiss={() => setOutcomes((current) => current.filter((old) => old !== outcome))}
              />
            ))}
          </section>
        )}

        {accounts === undefined ? (
          <p className="muted">Loading…</p>
        ) : (
          accounts.length > 0 && (
            <section aria-labelledby="accounts-title">
              <h2 id="accounts-title">Accounts</h2>
              {accounts.map((account) => (
                <AccountCard
                  key={account.id}
                  account={account}
                  code={codes.get(account.id)}
                  now={now}
                  poll={polls.get(account.id)}
                  onRemove={removed}
                  onCheckAgain={(stopped) => resume(stopped.id)}
                />
              ))}
            </section>
          )
        )}

        {showForm ? (
          <AddAccount onAdded={added} onCancel={accounts.length > 0 ? () => setAdding(false) : undefined} />
        ) : (
          accounts !== undefined && (
            <button type="button" className="secondary wide" onClick={() => setAdding(true)}>
              Add account
            </button>
          )
        )}
      </main>
    </>
  );
}

const NO_ACCOUNTS: StoredAccount[] = [];

/** The current code of every account, computed again when the 30 s step changes. */
function useCodes(accounts: readonly StoredAccount[] | undefined, step: number): ReadonlyMap<string, string> {
  const [codes, setCodes] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!accounts) return;
    let current = true;
    const at = step * TOTP_PERIOD_SECONDS * 1000;
    void Promise.all(
      accounts.map(async (account) => [account.id, await totpCodeWithKey(account.totpKey, at)] as const),
    ).then(
      (entries) => current && setCodes(new Map(entries)),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [accounts, step]);
  return codes;
}

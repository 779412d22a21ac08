import { SERVED_BY_HEADER } from './haproxy.js';
import { HttpClient } from './http-client.js';
import { GOOD_PASSWORD } from './scenario.js';

/** One request of the load, and what was wrong with its answer ('' when nothing). */
export interface LoadOutcome {
  request: 'login page' | 'password' | 'portal' | 'any';
  problem: string;
  /** The balancer's node that answered (X-Served-By), '' without an answer. */
  servedBy: string;
  startedAt: number;
  endedAt: number;
}

export interface SignInLoad {
  outcomes: LoadOutcome[];
  /** The browsers that signed in, each with its new session. */
  signedIn: HttpClient[];
  /** Whether `node` answered anything that started after `since` (epoch ms). */
  served(node: string, since: number): boolean;
  /** Waits until `node` answered something that started after `since`; false after 30 s. */
  waitUntilServing(node: string, since: number): Promise<boolean>;
  /** Ends the loops after their current sign-in. */
  stop(): Promise<void>;
}

/**
 * Users signing in one after another, each in a browser of its own, through `baseUrl` (a balancer): the login
 * page, the password (each user `loginIds[i]` from 192.0.2.<i+1>), then the portal with the new session.
 */
export function startSignInLoad(baseUrl: string, domain: string, loginIds: readonly string[]): SignInLoad {
  const outcomes: LoadOutcome[] = [];
  const signedIn: HttpClient[] = [];
  let running = true;
  const portal = `/portal/${domain}/`;
  const login = `${portal}login`;
  const loop = async (loginId: string, user: number) => {
    const ip = `192.0.2.${user + 1}`;
    while (running) {
      const browser = new HttpClient(baseUrl, domain);
      let startedAt = Date.now();
      const record = (request: LoadOutcome['request'], problem: string, headers?: Headers) => {
        const servedBy = headers?.get(SERVED_BY_HEADER) ?? '';
        outcomes.push({ request, problem, servedBy, startedAt, endedAt: Date.now() });
        startedAt = Date.now();
      };
      try {
        const page = await browser.request('GET', login);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
        record('login page', page.status === 200 && csrf ? '' : `${page.status}`, page.headers);
        if (!csrf) continue;
        const form = { _csrf: csrf, loginId, password: GOOD_PASSWORD };
        const answer = await browser.request('POST', login, { form, headers: { 'x-forwarded-for': ip } });
        const location = answer.headers.get('location');
        record('password', location === portal ? '' : `${answer.status} ${location}`, answer.headers);
        const home = await browser.request('GET', portal);
        const welcome = home.status === 200 && home.text.includes('Welcome');
        record('portal', welcome ? '' : `${home.status}`, home.headers);
        if (welcome) signedIn.push(browser);
      } catch (error) {
        record('any', `no answer: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const loops = loginIds.map((loginId, user) => loop(loginId, user));
  const served = (node: string, since: number) => outcomes.some((o) => o.servedBy === node && o.startedAt > since);
  return {
    outcomes,
    signedIn,
    served,
    async waitUntilServing(node, since) {
      const giveUpAt = Date.now() + 30_000;
      while (!served(node, since) && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
      return served(node, since);
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

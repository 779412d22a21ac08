import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { deflateRawSync } from 'node:zlib';
import { commandLineActor } from '../src/services/actor.js';
import { DOMAIN, startBenchServer } from './support/bench-server.js';
import { csrfFieldOf, LeanBrowser } from './support/lean-browser.js';
import { combineThroughput, measureThroughput, median, progress, round, type Throughput } from './support/stats.js';

const PASSWORD = 'Bench-User-Password-1';
const SP_ENTITY = 'https://bench-sp.example.net/saml';
const SP_ACS = 'https://bench-sp.example.net/saml/acs';
const CONCURRENCIES = [1, 2];
const ROUNDS = Number(process.env.BENCH_SAML_ROUNDS ?? 5);
const ROUND_SECONDS = 1.5;

/** A fresh AuthnRequest for each sign-on, as a service provider makes them: a request ID is taken once. */
let counter = 0;
function authnRequestPath(): string {
  const xml =
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
    ` ID="_bench${process.pid}x${counter++}" Version="2.0" IssueInstant="${new Date().toISOString()}"` +
    ` AssertionConsumerServiceURL="${SP_ACS}"><saml:Issuer>${SP_ENTITY}</saml:Issuer></samlp:AuthnRequest>`;
  const query = new URLSearchParams({
    SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'),
    RelayState: 'r',
  });
  return `/saml/${DOMAIN}/sso?${query}`;
}

/**
 * SAML sign-ons of a user who is already signed in (SPEC §6, issue 9): the service's AuthnRequest (HTTP-Redirect)
 * → the request's page → the auto-posted, signed Response, over HTTP with the SQLite store; against raw RSA-SHA256
 * signatures with a key of the same size, alternating in the same process. The response signs the Response and the
 * Assertion (the default, "both"): two signatures, so a ratio near 0.5 means the signatures are nearly all it costs.
 */
export async function benchmarkSamlSignOn(): Promise<Record<string, unknown>> {
  progress('saml-sign-on: starting a server (SQLite) with one SAML service and a signed-in user');
  // One address sends every request here: the per-address limit of SSO requests would measure itself.
  const server = await startBenchServer('sqlite', { SSO_IP_MAX_PER_MINUTE: '1000000' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const { gatehouse } = server;
    const tenant = (await gatehouse.services.tenants.findByDomain(DOMAIN))!;
    const service = await gatehouse.services.connectedServices.create(tenant, commandLineActor(), {
      type: 'saml',
      name: 'Bench SP',
      saml: { entityId: SP_ENTITY, acsUrls: [{ url: SP_ACS, binding: 'HTTP-POST', index: 0, isDefault: true }] },
    });
    const group = await gatehouse.services.groups.create(tenant, commandLineActor(), {
      displayName: 'Bench SAML',
      allowedServices: [service.id],
    });
    const user = await gatehouse.services.users.create(tenant, commandLineActor(), {
      loginId: 'bench-saml@example.com',
      password: PASSWORD,
      groupId: group.id,
    });
    const key = await gatehouse.services.samlSigningKeys.activeKey(tenant);
    const browsers = await Promise.all(
      Array.from({ length: Math.max(...CONCURRENCIES) }, async () => {
        const browser = new LeanBrowser(agent, new URL(server.baseUrl));
        const form = await browser.get(`/portal/${DOMAIN}/login`);
        const signedIn = await browser.post(`/portal/${DOMAIN}/login`, {
          _csrf: csrfFieldOf(form.body) ?? '',
          loginId: user.user.loginId,
          password: PASSWORD,
        });
        if (signedIn.status !== 303) throw new Error(`the bench user could not sign in (${signedIn.status})`);
        return browser;
      }),
    );
    const signOn = async (worker: number) => {
      const browser = browsers[worker]!;
      const received = await browser.get(authnRequestPath());
      if (received.status !== 303 || !received.location)
        throw new Error(`the SSO endpoint answered ${received.status}`);
      const answer = await browser.get(received.location);
      if (answer.status !== 200 || !answer.body.includes('name="SAMLResponse"'))
        throw new Error(`the request page answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    };
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: key.privateKey.asymmetricKeyDetails?.modulusLength ?? 3072,
    });
    const payload = Buffer.alloc(2048, 7);
    const rawSign = async () => {
      createSign('RSA-SHA256').update(payload).sign(privateKey);
    };
    const byConcurrency = [];
    for (const concurrency of CONCURRENCIES) {
      progress(`saml-sign-on: concurrency ${concurrency}, ${ROUNDS} rounds of raw signatures and sign-ons`);
      await measureThroughput(signOn, { concurrency, seconds: 0.5 });
      const raw: Throughput[] = [];
      const sso: Throughput[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        raw.push(await measureThroughput(rawSign, { concurrency, seconds: ROUND_SECONDS }));
        sso.push(await measureThroughput(signOn, { concurrency, seconds: ROUND_SECONDS }));
      }
      const ratios = sso.map((run, i) => run.perSecond / (raw[i]?.perSecond ?? Number.NaN));
      const [rawTotal, ssoTotal] = [raw, sso].map(combineThroughput) as [Throughput, Throughput];
      byConcurrency.push({
        concurrency,
        rawSignaturesPerSecond: rawTotal.perSecond,
        signOnsPerSecond: ssoTotal.perSecond,
        ratioToRawSignatures: round(median(ratios), 3),
        roundRatios: ratios.map((value) => round(value, 3)),
        cpuMsPerSignOn: ssoTotal.cpuMsPerOperation,
        cpuMsPerRawSignature: rawTotal.cpuMsPerOperation,
      });
    }
    return {
      database: 'sqlite',
      signingKeyBits: key.privateKey.asymmetricKeyDetails?.modulusLength,
      signing: 'both (Response and Assertion: two RSA-SHA256 signatures per sign-on)',
      request: 'GET /saml/<d>/sso (HTTP-Redirect AuthnRequest) → 303 → GET /portal/<d>/sso/<id> → 200 auto-post page',
      note: 'No goal: the issue asks for the ratio. The load runs in this process beside the server.',
      byConcurrency,
    };
  } finally {
    agent.destroy();
    await server.close();
  }
}

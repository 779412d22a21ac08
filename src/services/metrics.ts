import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AccessResult } from '../contract/admin-api/index.js';
import type { AccessLogReason } from '../core/access-log-reasons.js';
import type { PoolUsage } from '../store/database.js';

/**
 * Connected Service names are chosen by admins, so each one is a new time series: past this many in one process,
 * further names are counted under OTHER_SERVICES, which keeps a scrape's size bounded whatever the tenants do.
 */
const MAX_SERVICE_LABELS = 100;
const OTHER_SERVICES = '(other)';
/** The name the Access Log gives to sign-ins at the portal: they are not single sign-on. */
const PORTAL = 'portal';

/** From a millisecond for a static file to argon2 under load and a slow SSO exchange. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the Access Log records of one attempt, as far as the counters need it. */
export interface CountedAttempt {
  result: AccessResult;
  reason: AccessLogReason;
  otpMethod?: string;
  service?: string;
}

/**
 * The server's Prometheus metrics (served at /metrics, docs/metrics.md). One registry per server rather than
 * prom-client's global one, so that several servers in one process (the tests) count apart.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly services = new Set<string>();
  private processMetricsOn = false;

  private readonly accessAttempts = new Counter({
    name: 'gatehouse_access_attempts_total',
    help: 'Access Log entries (sign-ins and single sign-on requests) by result and reason.',
    labelNames: ['result', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly otpAttempts = new Counter({
    name: 'gatehouse_otp_attempts_total',
    help: 'Access Log entries that involved a one-time password, by OTP method and result.',
    labelNames: ['method', 'result'] as const,
    registers: [this.registry],
  });
  private readonly ssoRequests = new Counter({
    name: 'gatehouse_sso_requests_total',
    help: `Single sign-on requests by Connected Service and result (past ${MAX_SERVICE_LABELS} services, "${OTHER_SERVICES}").`,
    labelNames: ['service', 'result'] as const,
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** `poolUsage`: PostgreSQL's connection pool, whose gauges are read at each scrape; none for SQLite. */
  constructor(poolUsage?: () => PoolUsage) {
    if (poolUsage) {
      new Gauge({
        name: 'gatehouse_db_pool_connections',
        help: 'PostgreSQL connections of this server by state (open = busy or idle).',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const usage = poolUsage();
          this.set({ state: 'open' }, usage.total);
          this.set({ state: 'idle' }, usage.idle);
        },
      });
      new Gauge({
        name: 'gatehouse_db_pool_waiting',
        help: 'Queries waiting for a free PostgreSQL connection.',
        registers: [this.registry],
        collect() {
          this.set(poolUsage().waiting);
        },
      });
    }
  }

  /**
   * Node.js's own metrics (event-loop lag, heap, garbage collection, CPU, open handles). Only for a server that
   * serves /metrics: they keep an event-loop delay monitor and a GC observer running.
   */
  collectProcessMetrics(): void {
    if (this.processMetricsOn) return;
    this.processMetricsOn = true;
    collectDefaultMetrics({ register: this.registry });
  }

  countAccess(attempt: CountedAttempt): void {
    this.accessAttempts.inc({ result: attempt.result, reason: attempt.reason });
    if (attempt.otpMethod) this.otpAttempts.inc({ method: attempt.otpMethod, result: attempt.result });
    const service = attempt.service;
    if (service && service !== PORTAL)
      this.ssoRequests.inc({ service: this.serviceLabel(service), result: attempt.result });
  }

  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  /** The text a Prometheus scrape reads, with its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private serviceLabel(service: string): string {
    if (this.services.has(service)) return service;
    if (this.services.size >= MAX_SERVICE_LABELS) return OTHER_SERVICES;
    this.services.add(service);
    return service;
  }
}

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('the configuration was accepted');
}

describe('configuration', () => {
  it('has working defaults: SQLite under ./data, port 8080, example.com', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.defaultDomain, 'example.com');
    assert.equal(config.databaseUrl, `sqlite:${path.resolve('data', 'gatehouse.db')}`);
    assert.deepEqual(config.argon2, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('names the variable and the problem for a bad value', () => {
    assert.match(refusal({ PORT: 'eighty' }).message, /PORT must be a whole number/);
    assert.match(refusal({ PORT: '70000' }).message, /PORT must be between 0 and 65535/);
    assert.match(refusal({ DATABASE_URL: 'mysql://x' }).message, /DATABASE_URL must start with postgres/);
    assert.match(refusal({ GATEHOUSE_DOMAIN: 'not a domain' }).message, /GATEHOUSE_DOMAIN/);
    assert.match(refusal({ GATEHOUSE_SECRET_KEY: 'abc' }).message, /GATEHOUSE_SECRET_KEY must be 32 bytes/);
    assert.match(refusal({ TRUST_PROXY: '10.0.0.0/99' }).message, /TRUST_PROXY/);
    assert.match(refusal({ SMTP_URL: 'http://mail' }).message, /SMTP_URL/);
    assert.match(refusal({ GATEHOUSE_PUBLIC_URL: 'ftp://x' }).message, /GATEHOUSE_PUBLIC_URL/);
    assert.match(refusal({ GATEHOUSE_ADMIN_PASSWORD: 'short' }).message, /GATEHOUSE_ADMIN_PASSWORD/);
    assert.equal(refusal({ ARGON2_MEMORY_KIB: '12' }).variable, 'ARGON2_MEMORY_KIB');
  });

  it('accepts PostgreSQL URLs, a hex secret key and trusted proxy ranges', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gatehouse',
      GATEHOUSE_SECRET_KEY: 'ab'.repeat(32),
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, ::1',
    });
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/gatehouse');
    assert.equal(config.secretKey?.length, 32);
    assert.deepEqual(config.trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1']);
  });

  it('reads who may see /metrics and which header carries the request id', () => {
    const defaults = loadConfig({});
    assert.equal(defaults.metricsToken, undefined);
    assert.deepEqual(defaults.metricsAllow, []);
    assert.equal(defaults.requestIdHeader, 'x-request-id');
    const config = loadConfig({
      METRICS_TOKEN: ' scrape-token-0123456789 ',
      METRICS_ALLOW: '10.0.5.0/24, ::1',
      REQUEST_ID_HEADER: 'X-Correlation-Id',
    });
    assert.equal(config.metricsToken, 'scrape-token-0123456789');
    assert.deepEqual(config.metricsAllow, ['10.0.5.0/24', '::1']);
    assert.equal(config.requestIdHeader, 'x-correlation-id');
    assert.match(refusal({ METRICS_TOKEN: 'short' }).message, /METRICS_TOKEN must be at least 16 characters long/);
    assert.match(refusal({ METRICS_TOKEN: 'token with spaces inside' }).message, /METRICS_TOKEN must be printable/);
    assert.match(refusal({ METRICS_ALLOW: 'prometheus.internal' }).message, /METRICS_ALLOW must list IP addresses/);
    assert.match(refusal({ REQUEST_ID_HEADER: 'x request id' }).message, /REQUEST_ID_HEADER must be an HTTP header/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from '../../src/services/metrics.js';

const valueOf = async (metrics: Metrics, name: string, labels: Record<string, string>) => {
  const metric = metrics.registry.getSingleMetric(name);
  const found = (await metric?.get())?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return found?.value ?? 0;
};

describe('metrics of access attempts', () => {
  it('counts OTP by method and single sign-on by service, leaving portal sign-ins out of SSO', async () => {
    const metrics = new Metrics();
    metrics.countAccess({ result: 'allowed', reason: 'allowed', otpMethod: 'authenticator-app', service: 'portal' });
    metrics.countAccess({ result: 'denied', reason: 'otp-invalid', otpMethod: 'email' });
    metrics.countAccess({ result: 'allowed', reason: 'allowed', otpMethod: 'email', service: 'Wiki' });
    metrics.countAccess({ result: 'denied', reason: 'service-not-allowed', service: 'Wiki' });

    assert.equal(await valueOf(metrics, 'gatehouse_otp_attempts_total', { method: 'email', result: 'denied' }), 1);
    assert.equal(await valueOf(metrics, 'gatehouse_otp_attempts_total', { method: 'email', result: 'allowed' }), 1);
    assert.equal(
      await valueOf(metrics, 'gatehouse_otp_attempts_total', { method: 'authenticator-app', result: 'allowed' }),
      1,
    );
    assert.equal(await valueOf(metrics, 'gatehouse_sso_requests_total', { service: 'Wiki', result: 'allowed' }), 1);
    assert.equal(await valueOf(metrics, 'gatehouse_sso_requests_total', { service: 'Wiki', result: 'denied' }), 1);
    assert.equal(await valueOf(metrics, 'gatehouse_sso_requests_total', { service: 'portal' }), 0);
    assert.equal(
      await valueOf(metrics, 'gatehouse_access_attempts_total', { result: 'allowed', reason: 'allowed' }),
      2,
    );
  });

  it('keeps at most 100 service names as labels and counts the rest together', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < 150; i++) metrics.countAccess({ result: 'allowed', reason: 'allowed', service: `svc-${i}` });
    metrics.countAccess({ result: 'allowed', reason: 'allowed', service: 'svc-3' });
    const values = (await metrics.registry.getSingleMetric('gatehouse_sso_requests_total')?.get())?.values ?? [];
    assert.equal(values.length, 101);
    assert.equal(await valueOf(metrics, 'gatehouse_sso_requests_total', { service: '(other)' }), 50);
    assert.equal(await valueOf(metrics, 'gatehouse_sso_requests_total', { service: 'svc-3' }), 2);
  });
});

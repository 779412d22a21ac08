import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EvaluationContext, evaluateAccessCondition } from '../../src/core/policy/condition-evaluator.js';
import { parseCondition } from '../../src/core/policy/condition-parser.js';
import { parseAnyIpRange, parseClientAddress, type IpRange } from '../../src/core/policy/ip-range.js';
import { IpSetIndex } from '../../src/core/policy/ip-set-index.js';
import { localTimeIn } from '../../src/core/policy/local-time.js';

const office = new IpSetIndex(
  ['192.0.2.0/28', '198.51.100.7', '2001:db8:1::/48'].map((r) => parseAnyIpRange(r) as IpRange),
);

function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    address: parseClientAddress('203.0.113.9'),
    hasPass: false,
    passAgeDays: null,
    loginId: 'alice@example.com',
    role: 'none',
    local: localTimeIn('UTC', Date.UTC(2026, 11, 2, 10, 30)), // Wednesday 10:30
    attributes: { department: 'sales' },
    ipSets: new Map([['office', office]]),
    templates: new Map([['office-hours', parseCondition('weekday:mon-fri and time:09:00-18:00')]]),
    ...overrides,
  };
}

const holds = (source: string, overrides?: Partial<EvaluationContext>) =>
  evaluateAccessCondition(parseCondition(source), context(overrides));

describe('access condition evaluation', () => {
  it('matches IPv4 addresses, CIDR ranges and from-to ranges', () => {
    assert.ok(holds('ip4:203.0.113.9'));
    assert.ok(holds('ip4:203.0.113.0/24'));
    assert.ok(holds('ip4:203.0.113.5-203.0.113.9'));
    assert.ok(!holds('ip4:203.0.113.10-203.0.113.20'));
    assert.ok(holds('ip4:203.0.113.9', { address: parseClientAddress('::ffff:203.0.113.9') }));
  });

  it('matches IPv6 and IP Sets of either family', () => {
    assert.ok(holds('ip6:2001:db8::/32', { address: parseClientAddress('2001:db8:abcd::1') }));
    assert.ok(!holds('ip6:2001:db8::/32', { address: parseClientAddress('2001:db9::1') }));
    assert.ok(holds('ipset:office', { address: parseClientAddress('192.0.2.15') }));
    assert.ok(!holds('ipset:office', { address: parseClientAddress('192.0.2.16') }));
    assert.ok(holds('ipset:office', { address: parseClientAddress('2001:db8:1:ffff::1') }));
    assert.ok(!holds('ipset:unknown', { address: parseClientAddress('192.0.2.1') }));
  });

  it('tests the entrance pass and its age', () => {
    assert.ok(!holds('has_pass:true'));
    assert.ok(holds('has_pass:false'));
    assert.ok(holds('has_pass:true and pass_age_days:0-30', { hasPass: true, passAgeDays: 30 }));
    assert.ok(!holds('pass_age_days:0-30', { hasPass: true, passAgeDays: 31 }));
  });

  it('tests login ID, roles and attributes', () => {
    assert.ok(holds('login_name:alice@example.com'));
    assert.ok(!holds('role:admin'));
    assert.ok(holds('role:admin', { role: 'read-only-admin' }));
    assert.ok(holds('role:global-admin', { role: 'global-admin' }));
    assert.ok(!holds('role:global-admin', { role: 'user-admin' }));
    assert.ok(holds('attr.department:sales'));
    assert.ok(!holds('attr.department:ops'));
  });

  it('reads time, weekday and date in the tenant time zone', () => {
    assert.ok(holds('time:09:00-18:00 and weekday:mon-fri and date:2026-12-01/2026-12-31'));
    assert.ok(!holds('time:18:00-09:00'));
    // 10:30 UTC is 19:30 in Tokyo: outside office hours there.
    assert.ok(!holds('time:09:00-18:00', { local: localTimeIn('Asia/Tokyo', Date.UTC(2026, 11, 2, 10, 30)) }));
    assert.ok(holds('time:22:00-06:00', { local: localTimeIn('UTC', Date.UTC(2026, 11, 2, 23, 0)) }));
    assert.ok(holds('weekday:fri-mon', { local: localTimeIn('UTC', Date.UTC(2026, 11, 6, 12, 0)) }));
    assert.ok(!holds('time:09:00-18:00', { local: localTimeIn('UTC', Date.UTC(2026, 11, 2, 18, 0)) }));
  });

  it('combines with and, or, not and templates', () => {
    assert.ok(holds('template:office-hours'));
    assert.ok(holds('not ipset:office and (has_pass:true or true)'));
    assert.ok(!holds('ipset:office or has_pass:true'));
  });
});

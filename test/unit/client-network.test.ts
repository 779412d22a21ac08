import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientNetworkOf } from '../../src/core/client-network.js';

describe('what a per-address limit counts a client by', () => {
  it('counts an IPv4 address as itself, also when written IPv4-mapped', () => {
    assert.equal(clientNetworkOf('203.0.113.7'), '203.0.113.7');
    assert.equal(clientNetworkOf('::ffff:203.0.113.7'), '203.0.113.7');
    assert.notEqual(clientNetworkOf('203.0.113.8'), clientNetworkOf('203.0.113.7'));
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const network = clientNetworkOf('2001:db8:1:2::a');
    assert.equal(network, '2001:db8:1:2::/64');
    for (const same of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:1', '2001:db8:1:2::a%eth0'])
      assert.equal(clientNetworkOf(same), network, same);
    assert.notEqual(clientNetworkOf('2001:db8:1:3::a'), network);
    assert.equal(clientNetworkOf('::1'), '0:0:0:0::/64');
  });

  it('counts text that is no address as given', () => {
    assert.equal(clientNetworkOf('unknown'), 'unknown');
  });
});

// Issue 11 item 2: the reference article's flow in Chromium through HAProxy, in front of two nodes on one
// PostgreSQL with round-robin and no stickiness: every page, API call and form of the walk may reach either node.
// Needs the built server and console (npm test builds them first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertConsoleBuilt, chromiumSkipReason, launchChromium } from '../support/browser.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { isPostgresReachable } from '../support/databases.js';
import { haproxySkipReason, SERVED_BY_HEADER } from '../support/haproxy.js';
import { otpToolsSkipReason } from '../support/otp-tools.js';
import { walkReferenceArticle } from '../support/reference-article-walk.js';

const skip =
  chromiumSkipReason() ||
  otpToolsSkipReason() ||
  haproxySkipReason() ||
  (!(await isPostgresReachable()) && 'PostgreSQL is not reachable');

describe('the reference article in Chromium through HAProxy and two nodes', { skip, timeout: 180_000 }, () => {
  let cluster: Cluster;
  let browser: Browser;

  before(async () => {
    assertConsoleBuilt();
    [cluster, browser] = await Promise.all([startCluster(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await cluster?.close();
  });

  it('walks the article with its requests spread over both nodes', async () => {
    // Every answer the browser gets says which node gave it (the balancer adds the header).
    const servedBy = new Map<string, number>();
    await walkReferenceArticle(browser, cluster.balancer.baseUrl, {
      screenshots: '/tmp/gatehouse-article-two-nodes',
      onResponse: (response) => {
        const node = response.headers()[SERVED_BY_HEADER] ?? 'none';
        servedBy.set(node, (servedBy.get(node) ?? 0) + 1);
      },
    });
    assert.deepEqual([...servedBy.keys()].sort(), ['node1', 'node2']);
    for (const [node, answers] of servedBy) assert.ok(answers >= 10, `${node} gave only ${answers} answers`);
  });
});

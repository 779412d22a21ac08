import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * When the database last answered a query, whichever. A readiness check that queried the database itself would wait
 * in the connection pool's queue behind the load, so that under a burst every node would look unready to the load
 * balancer at once and the balancer would refuse everyone; a node whose queries are being answered is plainly
 * connected.
 */
export class DatabaseHeartbeat implements KyselyPlugin {
  private answeredAt = 0;

  /** Epoch milliseconds of the last query that succeeded; 0 before the first. */
  get lastAnsweredAt(): number {
    return this.answeredAt;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Only called for a query that succeeded.
    this.answeredAt = Date.now();
    return Promise.resolve(args.result);
  }
}

import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Stands for one named value in a query built once; replaced by the value at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

type Build<Params, Row> = (db: Kysely<Database>, values: Params) => Compilable<Row>;
type Run<Params, Row> = (db: Kysely<Database>, params: Params) => Promise<QueryResult<Row>>;

interface Compiled {
  sql: string;
  bind(params: object): unknown[];
}

function compile<Params extends object, Row>(db: Kysely<Database>, build: Build<Params, Row>, stand: Params): Compiled {
  const { sql, parameters } = build(db, stand).compile();
  const sources = parameters.map((value) => (value instanceof Placeholder ? value.name : { constant: value }));
  return {
    sql,
    bind: (params) =>
      sources.map((source) =>
        typeof source === 'string' ? (params as Record<string, unknown>)[source] : source.constant,
      ),
  };
}

/** By adapter class as well: a transaction is another Kysely instance over the same dialect. */
const dialectOf = (db: Kysely<Database>): unknown => db.getExecutor().adapter.constructor;

/**
 * A query written with the query builder, built and compiled once per dialect and then run with new values.
 * Building a small query costs Kysely 15 to 100 µs, more than SQLite takes to run it; the statements of every
 * sign-in and every signed-in request pay that dozens of times, so they are built once here instead.
 *
 * `build` receives stand-ins for the values; each must be used as a value only (compared, set or inserted),
 * never to decide the shape of the query, which is fixed at the first call. Every value is bound as a
 * parameter, exactly as the builder would bind it.
 */
export function precompiled<Params extends object, Row>(build: Build<Params, Row>): Run<Params, Row> {
  const byDialect = new Map<unknown, Compiled>();
  const stand = new Proxy({} as Params, { get: (_, name) => new Placeholder(String(name)) });
  return (db, params) => {
    const dialect = dialectOf(db);
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      compiled = compile(db, build, stand);
      byDialect.set(dialect, compiled);
    }
    return db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, compiled.bind(params)));
  };
}

/**
 * An INSERT of a whole row, built once per dialect and set of columns: like the builder, it leaves out the
 * columns whose value is undefined, so that their defaults apply.
 */
export function precompiledRow<Params extends object, Row>(build: Build<Params, Row>): Run<Params, Row> {
  const byShape = new Map<string, Compiled>();
  const byDialect = new Map<unknown, number>();
  return (db, params) => {
    const columns = Object.keys(params).filter((key) => (params as Record<string, unknown>)[key] !== undefined);
    let dialect = byDialect.get(dialectOf(db));
    if (dialect === undefined) byDialect.set(dialectOf(db), (dialect = byDialect.size));
    const shape = `${dialect}:${columns.join(',')}`;
    let compiled = byShape.get(shape);
    if (!compiled) {
      const stand = Object.fromEntries(columns.map((column) => [column, new Placeholder(column)])) as Params;
      compiled = compile(db, build, stand);
      byShape.set(shape, compiled);
    }
    return db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, compiled.bind(params)));
  };
}

/** Rows changed by an UPDATE, DELETE or INSERT run through `precompiled`. */
export const changedRows = (result: QueryResult<unknown>): number => Number(result.numAffectedRows ?? 0);

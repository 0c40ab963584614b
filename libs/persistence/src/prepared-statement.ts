import type { ClientBase } from 'pg';

/** Statement names each connection has prepared (a connection that breaks leaves the pool with its client). */
const preparedOn = new WeakMap<ClientBase, Set<string>>();

/**
 * A hot statement prepared once per connection (SQL `PREPARE`) and run with `EXECUTE` inside a
 * simple-protocol trip, next to the statements it shares the trip with (BEGIN, SET LOCAL, COMMIT):
 * the batched statements are large CTEs whose planning cost PostgreSQL 0.3–0.9 ms a call on a slow
 * machine, about a quarter of its time per authorization at 200/s, when each authorization is a batch
 * of its own (docs/performance.md, session 10). PostgreSQL plans the first five executions for their
 * values, then keeps one generic plan when it costs no more (`plan_cache_mode = auto`); the plans of
 * both kinds are e2e-tested (settlement-queries.e2e-spec.ts). Behind a pooler that hands each
 * transaction another server connection (PgBouncer's transaction mode) a session's statements are
 * not there: callers then take `inline` (PG_PREPARED_STATEMENTS=off).
 */
export class PreparedStatement {
  /** `paramTypes`: one SQL type per `$n` of `text`, in order. */
  constructor(
    readonly name: string,
    readonly paramTypes: readonly string[],
    readonly text: string,
  ) {}

  /** `EXECUTE` with arguments given as SQL literals (sqlLiteral), each cast to its declared type. */
  execute(args: readonly string[]): string {
    this.check(args);
    return `EXECUTE ${this.name}(${args.map((a, i) => `${a}::${this.paramTypes[i]}`).join(', ')})`;
  }

  /** The statement itself with the arguments in place of its parameters: planned on every call. */
  inline(args: readonly string[]): string {
    this.check(args);
    return this.text.replace(/\$(\d+)\b/g, (_, n: string) => `(${args[Number(n) - 1]}::${this.paramTypes[Number(n) - 1]})`);
  }

  /** `execute` where the connection has it prepared, else `inline`. */
  sql(args: readonly string[], prepared: boolean): string {
    return prepared ? this.execute(args) : this.inline(args);
  }

  get prepareSql(): string {
    return `PREPARE ${this.name}(${this.paramTypes.join(', ')}) AS ${this.text}`;
  }

  private check(args: readonly string[]): void {
    if (args.length !== this.paramTypes.length) throw new Error(`${this.name} takes ${this.paramTypes.length} arguments, got ${args.length}`);
  }
}

/**
 * Prepares on this connection the statements it has not prepared yet, in one round trip; none on
 * later calls. Outside a transaction: a PREPARE inside one that fails would be lost with it.
 */
export async function ensurePrepared(client: ClientBase, statements: readonly PreparedStatement[]): Promise<void> {
  let done = preparedOn.get(client);
  if (!done) preparedOn.set(client, (done = new Set()));
  const missing = statements.filter((s) => !done.has(s.name));
  if (!missing.length) return;
  await client.query(missing.map((s) => s.prepareSql).join(';\n'));
  for (const s of missing) done.add(s.name);
}

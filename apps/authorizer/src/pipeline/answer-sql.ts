import { PreparedStatement, sqlLiteral } from '@bridge/persistence';

/** JSON of one answer (json_to_recordset below). */
export interface AnsweredRow {
  id: string;
  status: string;
  decline_reason: string | null;
  response_code: string;
  approval_code: string | null;
  quote_id: string | null;
  rate: string | null;
  crypto_amount: string | null;
  asset_symbol: string | null;
  destination: string | null;
  response_fields: Record<string, string>;
  needs_review: boolean;
  review_reason: string | null;
}

/** Row `t` may still take its answer: not answered, and not reversed by an overtaking reversal. */
const openForAnswer = (t: string) => `${t}.status = 'RECEIVED' AND ${t}.reversed_at IS NULL`;

/** ANSWER_SQL's UPDATE, with `extra` added to its condition. */
const answerUpdate = (extra: string) => `
  UPDATE authorizations a SET status = v.status, decline_reason = v.decline_reason, response_code = v.response_code, approval_code = v.approval_code,
         quote_id = v.quote_id, rate = v.rate, crypto_amount = v.crypto_amount, asset_symbol = v.asset_symbol, destination = v.destination,
         response_fields = v.response_fields, responded_at = now(), needs_review = v.needs_review, review_reason = v.review_reason
    FROM (SELECT * FROM json_to_recordset($1::json) AS v(id uuid, status text, decline_reason text, response_code text, approval_code text, quote_id text,
           rate numeric, crypto_amount numeric, asset_symbol text, destination text, response_fields jsonb, needs_review boolean, review_reason text)
           LIMIT $2) v
   WHERE a.id = v.id AND ${openForAnswer('a')}${extra}
  RETURNING a.id`;

/**
 * The answer, on rows still RECEIVED and not reversed ($1: the rows as JSON, $2: their count — the LIMIT
 * tells the planner how many, see RECEIVED); returns the ids it wrote. Not written: the stale
 * sweeper closed the row (a write held past the deadline plus its grace), or a reversal overtook the
 * original (the network gave up first). For approvals written with their payments that is an error
 * (APPROVALS below): the payment must not commit either. It must set no indexed column, or it stops
 * being a HOT update (migration 1765900000000; e2e-tested). Not prepared: a generic plan, blind to the
 * count, walks authorizations (e2e-tested); APPROVALS names the ids as well, which any plan looks up.
 */
export const ANSWER_SQL = answerUpdate('');

/**
 * Approvals (and settled advices' rows) riding in their payments' commit (PaymentBatchWriter):
 * ANSWER_SQL, raising APPROVALS_NOT_ALL_WRITTEN (migration 1766300000000) unless every row took its
 * answer — so the transaction, payments and nonces with it, rolls back rather than moving money for an
 * authorization closed or reversed meanwhile. $3, the rows' ids again, is an index condition on the
 * primary key whatever the plan, so the statement is prepared once per connection: planned per call it
 * cost PostgreSQL ~210 µs per approval at 200/s on a slow machine (docs/performance.md, session 22).
 */
export const APPROVALS = new PreparedStatement(
  'bridge_approvals',
  ['json', 'int', 'uuid[]'],
  `WITH written AS (${answerUpdate(' AND a.id = ANY($3)')})
   SELECT bridge_all_approved(count(*), $2) FROM written`,
);

/**
 * The settings APPROVALS runs under when prepared, for the rest of the transaction (it is the payments'
 * commit's last statement):
 * - its generic plan, forced: PostgreSQL's own choice kept planning it for its values on 2,929 of 2,971
 *   calls, costing the generic plan above them (docs/performance.md, session 22);
 * - no nested loop: the generic plan expects one RECEIVED row (few are, in the statistics) and ten JSON
 *   rows, so it looped over the JSON rows once per authorization — n² comparisons, 93 µs of PostgreSQL's
 *   time per approval in batches of ~65, against ~20 hashed (docs/performance.md, session 40).
 */
export const APPROVALS_SETTINGS = [
  ['plan_cache_mode', 'force_generic_plan'],
  ['enable_nestloop', 'off'],
] as const;

/** APPROVALS for `rows` (ANSWER_SQL's JSON), executed where the connection has it prepared, else inline. */
export function approvalsSql(rows: readonly { readonly id: string }[], prepared: boolean): string {
  const args = [sqlLiteral(JSON.stringify(rows)), String(rows.length), sqlLiteral(`{${rows.map((r) => r.id).join(',')}}`)];
  if (!prepared) return APPROVALS.inline(args);
  return [...APPROVALS_SETTINGS.map(([name, value]) => `SET LOCAL ${name} = ${value}`), APPROVALS.execute(args)].join(';\n');
}

/** Of the authorizations $1, those no longer open for an answer (ANSWER_SQL's condition, negated). */
export const CLOSED_FOR_ANSWER_SQL = `SELECT a.id FROM authorizations a WHERE a.id = ANY($1::uuid[]) AND NOT (${openForAnswer('a')})`;

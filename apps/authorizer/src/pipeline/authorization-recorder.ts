import { Injectable } from '@nestjs/common';
import type { QueryResult } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { DeclineReason } from '@bridge/contracts';
import { ensurePrepared, pgPool, PreparedStatement, sqlLiteral, type AuthorizationStatus, type Custody } from '@bridge/persistence';
import { ANSWER_SQL, type AnsweredRow } from './answer-sql';
import { Coalescer, type PanTokenizer } from '@bridge/runtime';
import { Inject, Optional } from '@nestjs/common';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import type { AuthorizationContext } from './authorization-context';
import type { CardAccount } from './card-account';
import { PAN_TOKENIZER } from './pan-tokenizer.provider';
import type { WalletInfo } from '../settlement/wallet-directory';
import { requestHash } from './request-hash';

export interface StoredAuthorization {
  readonly id: string;
  readonly requestHash: string;
  readonly responseFields: Record<string, string> | null;
}

export interface Completion {
  readonly status: AuthorizationStatus;
  readonly declineReason?: DeclineReason;
  readonly responseCode: string;
  readonly approvalCode?: string;
  readonly responseFields: Record<string, string>;
  /** Why ops must look at it (late approval, unsettled advice); unset = nothing to review. */
  readonly reviewReason?: string;
}

interface BeginRow {
  authorization_id: string;
  inserted: boolean;
  id: string | null;
  expiry: string | null;
  funding: CardAccount['funding'] | null;
  status: CardAccount['status'] | null;
  wallet_id: string | null;
  wallet_address: string | null;
  wallet_custody: Custody | null;
  wallet_key_path: string | null;
  wallet_spender_id: string | null;
}

/** JSON of one RECEIVED row (json_to_recordset below). */
interface ReceivedRow {
  id: string;
  acquirer_id: string;
  stan: string;
  transmission_date_time: string;
  terminal_id: string;
  mti: string;
  request_hash: string;
  pan_token: string;
  pan_last4: string;
  merchant_id: string;
  rrn: string | null;
  amount_minor: string;
  currency_numeric: string;
  received_at: Date;
}

/*
 * Rows arrive as one JSON value with their count: PostgreSQL cannot see how many rows json_to_recordset
 * returns and assumes 100, which made it hash-join the whole authorizations table (a sequential scan
 * per answer: 9.6 ms at 2,400 rows, growing with the table) where two index probes do. The LIMIT gives
 * it the true count. A generic plan cannot know it: RECEIVED's (prepared) assumes a tenth of 100 rows
 * and stays index probes, the answer's would walk authorizations, so the answer is planned per call
 * (both e2e-tested).
 */

/**
 * The RECEIVED rows ($1: JSON, $2: their count), executed in a simple-protocol trip (see insertReceived).
 * The network key (DE32, DE11, DE7, DE41) claims the row: a repeat or retransmission conflicts.
 */
export const RECEIVED = new PreparedStatement(
  'bridge_received',
  ['json', 'int'],
  `WITH v AS (SELECT * FROM json_to_recordset($1) AS v(id uuid, acquirer_id text, stan text, transmission_date_time text, terminal_id text,
               mti text, request_hash text, pan_token text, pan_last4 text, merchant_id text, rrn text, amount_minor numeric, currency_numeric text,
               received_at timestamptz) LIMIT $2),
       ins AS (INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4,
                 merchant_id, rrn, amount_minor, currency_numeric, status, received_at)
               SELECT id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4, merchant_id, rrn,
                 amount_minor, currency_numeric, 'RECEIVED', received_at FROM v
               ON CONFLICT (acquirer_id, stan, transmission_date_time, terminal_id) DO NOTHING RETURNING id)
  SELECT v.id AS authorization_id, ins.id IS NOT NULL AS inserted, c.id, c.expiry, c.funding, c.status, c.wallet_id,
         w.address AS wallet_address, w.custody AS wallet_custody, w.key_path AS wallet_key_path, w.spender_wallet_id AS wallet_spender_id
    FROM v LEFT JOIN ins ON ins.id = v.id LEFT JOIN card_accounts c ON c.pan_token = v.pan_token LEFT JOIN wallets w ON w.id = c.wallet_id`,
);

/**
 * Writes the authorization row: once on receipt (the unique network key claims it), once on answer.
 * Authorizations that reach either write in the same event-loop turn share one statement.
 */
@Injectable()
export class AuthorizationRecorder {
  private readonly received = new Coalescer<ReceivedRow, BeginRow>((rows) => this.insertReceived(rows));
  private readonly answered = new Coalescer<AnsweredRow, boolean>((rows) => writeAnswers(this.db.manager, rows));

  private readonly prepare: boolean;

  constructor(
    private readonly db: DataSource,
    @Inject(PAN_TOKENIZER) private readonly tokenizer: PanTokenizer,
    @Optional() @Inject(AUTHORIZER_CONFIG) config?: AuthorizerConfig,
  ) {
    this.prepare = config?.pgPreparedStatements ?? true;
  }

  /**
   * Inserts the RECEIVED row and, in the same round trip, reads the card (left in ctx.cardLookup for
   * the account step); returns the existing row when the network key was seen before.
   */
  async begin(ctx: AuthorizationContext): Promise<StoredAuthorization | undefined> {
    const r = ctx.request;
    const row = await this.received.add({
      id: ctx.authorizationId,
      acquirer_id: r.acquirerId,
      stan: r.stan,
      transmission_date_time: r.transmissionDateTime,
      terminal_id: r.terminalId,
      mti: r.mti,
      request_hash: requestHash(r),
      pan_token: (ctx.panToken ??= this.tokenizer.token(r.pan)),
      pan_last4: r.pan.slice(-4),
      merchant_id: r.merchantId,
      rrn: r.rrn ?? null,
      amount_minor: r.amountMinor.toString(),
      currency_numeric: r.currencyNumeric,
      received_at: ctx.receivedAt,
    });
    if (!row.inserted) return this.load(ctx);
    ctx.cardLookup =
      row.id === null ? null : { id: row.id, expiry: row.expiry!, funding: row.funding!, status: row.status!, walletId: row.wallet_id, wallet: walletOf(row) };
    return undefined;
  }

  async load(ctx: AuthorizationContext): Promise<StoredAuthorization> {
    const r = ctx.request;
    const [row] = (await this.db.query(
      `SELECT id, request_hash, response_fields FROM authorizations WHERE acquirer_id = $1 AND stan = $2 AND transmission_date_time = $3 AND terminal_id = $4`,
      [r.acquirerId, r.stan, r.transmissionDateTime, r.terminalId],
    )) as { id: string; request_hash: string; response_fields: Record<string, string> | null }[];
    return { id: row.id, requestHash: row.request_hash, responseFields: row.response_fields };
  }

  /**
   * Writes the answer (with those of other authorizations finishing in the same turn); false when the
   * row was closed by the stale sweeper or reversed meanwhile (ANSWER_SQL).
   */
  async finish(ctx: AuthorizationContext, c: Completion): Promise<boolean> {
    return this.answered.add(answeredRow(ctx, c));
  }

  /** Another process's authorization `id`, still unanswered, closed with `c` (nothing of its pipeline known here); false when the row was answered first. */
  async closeUnanswered(id: string, c: Completion): Promise<boolean> {
    return this.answered.add(answeredRow({ authorizationId: id }, c));
  }

  /** The same, alone, in the caller's transaction: for a write that must commit with another. */
  async finishIn(em: EntityManager, ctx: AuthorizationContext, c: Completion): Promise<boolean> {
    const [written] = await writeAnswers(em, [answeredRow(ctx, c)]);
    return written;
  }

  /**
   * Committed without waiting for the WAL flush (synchronous_commit off for this transaction only): at
   * 200/s the WAL fsyncs took ~2 ms each and half of the wall clock. Nothing that leaves the bridge
   * depends on this row alone — the payment's commit and the answer's, both synchronous, come after it
   * in the WAL and flush it with them. A database crash before either loses an authorization that got no
   * answer, or only the deadline's 91 (sent without a write): a retransmission or repeat of it is then
   * processed afresh instead of replayed.
   */
  private async insertReceived(rows: ReceivedRow[]): Promise<BeginRow[]> {
    const client = await pgPool(this.db).connect();
    let results: QueryResult<BeginRow>[];
    try {
      if (this.prepare) await ensurePrepared(client, [RECEIVED]);
      results = (await client.query(
        `SET LOCAL synchronous_commit = off; ${RECEIVED.sql([sqlLiteral(JSON.stringify(rows)), String(rows.length)], this.prepare)}`,
      )) as unknown as QueryResult<BeginRow>[];
    } catch (e) {
      client.release(e as Error); // as pool.query does: a connection that failed a query is not reused
      throw e;
    }
    client.release();
    const result = results[results.length - 1].rows;
    const byId = new Map(result.map((r) => [r.authorization_id, r]));
    return rows.map((r) => byId.get(r.id)!);
  }
}

/** The card wallet's row, when the card has one. */
function walletOf(row: BeginRow): WalletInfo | undefined {
  if (row.wallet_id === null || row.wallet_address === null) return undefined;
  return { id: row.wallet_id, address: row.wallet_address, custody: row.wallet_custody!, keyPath: row.wallet_key_path, spenderWalletId: row.wallet_spender_id };
}

/** The answer's row as ANSWER_SQL reads it. */
export function answeredRow(ctx: Pick<AuthorizationContext, 'authorizationId' | 'instructions' | 'cryptoAmount'>, c: Completion): AnsweredRow {
  const i = ctx.instructions;
  return {
    id: ctx.authorizationId,
    status: c.status,
    decline_reason: c.declineReason ?? null,
    response_code: c.responseCode,
    approval_code: c.approvalCode ?? null,
    quote_id: i?.quoteId ?? null,
    rate: i?.rate ?? null,
    crypto_amount: ctx.cryptoAmount?.toString() ?? null,
    asset_symbol: i?.assetSymbol ?? null,
    destination: i?.destination ?? null,
    response_fields: c.responseFields,
    needs_review: c.reviewReason !== undefined,
    review_reason: c.reviewReason ?? null,
  };
}

/** Not prepared: planned without the row count, the statement walks authorizations (e2e-tested); planned per call. */
async function writeAnswers(em: EntityManager, rows: AnsweredRow[]): Promise<boolean[]> {
  const [written] = (await em.query(ANSWER_SQL, [JSON.stringify(rows), rows.length])) as [{ id: string }[], number];
  const ids = new Set(written.map((r) => r.id));
  return rows.map((r) => ids.has(r.id));
}

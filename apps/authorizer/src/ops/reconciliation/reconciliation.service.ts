import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eip20TransferOf, type ExchangeCreditStatus } from '@bridge/contracts';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../../config/authorizer-config';
import { ExchangeAdapterClient } from '../../exchange/exchange-adapter.client';
import { ChainGateway } from '../../settlement/chain-gateway';
import { classify, type ChainEvidence, type Classification, type ExchangeEvidence } from './classification';

interface Row {
  id: string;
  status: string;
  acquirer_id: string;
  merchant_id: string;
  crypto_amount: string | null;
  destination: string | null;
  payment_id: string | null;
  kind: string | null;
  payment_created_at: Date | null;
  funding_address: string | null;
  token_address: string | null;
  refund_status: string | null;
  attempts: string[] | null;
}

export interface RunSummary {
  runId: string;
  matched: number;
  exceptions: number;
  byClass: Partial<Record<Classification, number>>;
  /** Whether the exchange side could be read (UNAVAILABLE: no credit-based class in this run). */
  sources: { chain: 'OK'; exchange: 'OK' | `UNAVAILABLE: ${string}` };
}

const SCHEDULE_WINDOW_MS = 24 * 3_600_000;
/** Authorizations per credit-status request to the adapter, and its time limit. */
const CREDIT_CHUNK = 500;
const CREDIT_TIMEOUT_MS = 30_000;

/**
 * Matches three sources per authorization: our records (authorization, payment, refund), the chain
 * itself (receipts and EIP-20 Transfer logs, including transfers from card wallets that no payment of
 * ours explains) and the merchant's exchange (its credits, asked through the exchange adapter).
 * Each authorization is MATCHED or gets an exception class, flagged for the ops queue.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconciliationService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly exchange: ExchangeAdapterClient,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.run(new Date(Date.now() - SCHEDULE_WINDOW_MS), new Date()).catch((e) =>
          this.logger.warn(`scheduled reconciliation failed: ${(e as Error).message}`),
        ),
      this.config.reconciliationIntervalMs,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async run(from: Date, to: Date): Promise<RunSummary> {
    const rows = (await this.db.query(
      // A row the stale sweeper closed has no answer's amount or destination: its payment's stand in.
      `SELECT a.id, a.status, a.acquirer_id, a.merchant_id, COALESCE(a.crypto_amount, p.amount)::text AS crypto_amount,
              COALESCE(a.destination, p.destination) AS destination, p.id AS payment_id, p.kind, p.created_at AS payment_created_at,
              w.address AS funding_address, s.token_address,
              (SELECT r.status FROM refund_requests r WHERE r.authorization_id = a.id) AS refund_status,
              (SELECT array_agg(t.tx_hash ORDER BY t.created_at DESC) FROM payment_transactions t WHERE t.payment_id = p.id) AS attempts
         FROM authorizations a LEFT JOIN payments p ON p.authorization_id = a.id LEFT JOIN wallets w ON w.id = p.funding_wallet_id
         LEFT JOIN assets s ON s.chain = p.chain AND s.symbol = p.asset_symbol
        WHERE a.received_at >= $1 AND a.received_at < $2`,
      [from, to],
    )) as Row[];
    const evidence = new Map<string, ChainEvidence & { block?: number; hash?: string }>();
    for (const r of rows) evidence.set(r.id, await this.evidenceOf(r));
    const outside = await this.unattributed(rows, evidence);
    const { credits, exchangeSource } = await this.creditsOf(rows.filter((r) => r.payment_id !== null));
    const items: { authorizationId: string | null; txHash: string | null; cls: Classification; detail: object }[] = [];
    for (const r of rows) {
      const e = evidence.get(r.id)!;
      const credit = credits.get(r.id);
      const exchange: ExchangeEvidence = {
        credit: exchangeSource === 'OK' ? (credit?.credit ?? 'NONE') : 'UNAVAILABLE',
        creditedAmount: credit?.creditedAmount ? BigInt(credit.creditedAmount) : null,
      };
      const cls = classify(
        {
          status: r.status,
          cryptoAmount: r.crypto_amount === null ? null : BigInt(r.crypto_amount),
          hasPayment: r.payment_id !== null,
          paymentAgeMs: r.payment_created_at ? Date.now() - new Date(r.payment_created_at).getTime() : 0,
          refundStatus: r.refund_status,
        },
        e,
        exchange,
        { stuckAfterMs: this.config.stuckAfterMs * 2, creditGraceMs: this.config.creditGraceMs },
      );
      items.push({
        authorizationId: r.id,
        txHash: e.hash ?? null,
        cls,
        detail: { status: r.status, transferred: e.transferred.toString(), receiptStatus: e.status ?? null, exchange: exchangeDetail(exchange, credit) },
      });
    }
    for (const o of outside)
      items.push({ authorizationId: null, txHash: o.txHash, cls: 'PAID_OUTSIDE_BRIDGE', detail: { from: o.from, to: o.to, value: o.value.toString() } });
    return this.record(from, to, items, exchangeSource);
  }

  /** The exchange side, through the adapter; one that cannot be asked leaves the run without it (said in the summary). */
  private async creditsOf(rows: Row[]): Promise<{ credits: Map<string, ExchangeCreditStatus>; exchangeSource: RunSummary['sources']['exchange'] }> {
    const credits = new Map<string, ExchangeCreditStatus>();
    try {
      for (let i = 0; i < rows.length; i += CREDIT_CHUNK) {
        const authorizations = rows.slice(i, i + CREDIT_CHUNK).map((r) => ({ authorizationId: r.id, acquirerId: r.acquirer_id, merchantId: r.merchant_id }));
        const reply = await this.exchange.creditStatus({ authorizations }, CREDIT_TIMEOUT_MS);
        if (!reply.ok) throw new Error(reply.detail);
        reply.statuses.forEach((s) => credits.set(s.authorizationId, s));
      }
      return { credits, exchangeSource: 'OK' };
    } catch (e) {
      this.logger.warn(`reconciliation without the exchange side: ${(e as Error).message}`);
      return { credits, exchangeSource: `UNAVAILABLE: ${(e as Error).message}` };
    }
  }

  private async evidenceOf(r: Row): Promise<ChainEvidence & { block?: number; hash?: string }> {
    for (const hash of r.attempts ?? []) {
      const receipt = await this.chain.receipt(hash);
      if (!receipt) continue;
      const transferred = receipt.status !== 1 ? 0n : r.kind === 'NATIVE' ? await this.nativeValue(hash) : this.tokenTransferred(receipt.logs, r);
      return { status: receipt.status ?? undefined, transferred, unattributedTwins: 0, block: receipt.blockNumber, hash };
    }
    return { transferred: 0n, unattributedTwins: 0 };
  }

  private tokenTransferred(logs: readonly { address: string; topics: readonly string[]; data: string }[], r: Row): bigint {
    let sum = 0n;
    for (const t of logs.map(eip20TransferOf)) {
      if (!t) continue;
      if (t.token === r.token_address?.toLowerCase() && t.from === r.funding_address?.toLowerCase() && t.to === r.destination?.toLowerCase()) sum += t.value;
    }
    return sum;
  }

  private async nativeValue(hash: string): Promise<bigint> {
    const tx = await this.chain.transaction(hash);
    return tx?.value ?? 0n;
  }

  /** Transfers from our card wallets in no transaction of ours: a twin of an authorization, or money that left outside the bridge. */
  private async unattributed(
    rows: Row[],
    evidence: Map<string, ChainEvidence & { block?: number }>,
  ): Promise<{ txHash: string; from: string; to: string; value: bigint }[]> {
    const ours = new Set(rows.flatMap((r) => r.attempts ?? []).map((h) => h.toLowerCase()));
    const blocks = [...evidence.values()].map((e) => e.block).filter((b): b is number => b !== undefined);
    if (!blocks.length) return [];
    const fromBlock = Math.max(0, Math.min(...blocks) - 1);
    const pairs = new Map(rows.filter((r) => r.token_address && r.funding_address).map((r) => [`${r.token_address}/${r.funding_address}`, r]));
    const outside: { txHash: string; from: string; to: string; value: bigint }[] = [];
    for (const r of pairs.values()) {
      const known = (await this.db.query(
        `SELECT t.tx_hash FROM payment_transactions t JOIN payments p ON p.id = t.payment_id JOIN wallets w ON w.id = p.funding_wallet_id WHERE w.address = $1`,
        [r.funding_address],
      )) as { tx_hash: string }[];
      known.forEach((k) => ours.add(k.tx_hash.toLowerCase()));
      for (const t of await this.chain.transfersFrom(r.token_address!, r.funding_address!, fromBlock)) {
        if (ours.has(t.txHash.toLowerCase())) continue;
        const twin = rows.find(
          (x) => x.destination?.toLowerCase() === t.to.toLowerCase() && x.crypto_amount === t.value.toString() && evidence.get(x.id)?.status === 1,
        );
        if (twin) evidence.set(twin.id, { ...evidence.get(twin.id)!, unattributedTwins: evidence.get(twin.id)!.unattributedTwins + 1 });
        else outside.push({ txHash: t.txHash, from: r.funding_address!, to: t.to, value: t.value });
      }
    }
    return outside;
  }

  private async record(
    from: Date,
    to: Date,
    items: { authorizationId: string | null; txHash: string | null; cls: Classification; detail: object }[],
    exchangeSource: RunSummary['sources']['exchange'],
  ): Promise<RunSummary> {
    const runId = randomUUID();
    const byClass: Partial<Record<Classification, number>> = {};
    items.forEach((i) => (byClass[i.cls] = (byClass[i.cls] ?? 0) + 1));
    const exceptions = items.filter((i) => i.cls !== 'MATCHED');
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO reconciliation_runs (id, window_from, window_to, matched, exceptions, exchange_source, finished_at) VALUES ($1,$2,$3,$4,$5,$6,now())`,
        [runId, from, to, items.length - exceptions.length, exceptions.length, exchangeSource],
      );
      if (items.length) {
        await em.query(
          `INSERT INTO reconciliation_items (id, run_id, authorization_id, tx_hash, classification, detail)
           SELECT gen_random_uuid(), $1, a, h, c, d::jsonb FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS x(a, h, c, d)`,
          [runId, items.map((i) => i.authorizationId), items.map((i) => i.txHash), items.map((i) => i.cls), items.map((i) => JSON.stringify(i.detail))],
        );
      }
      const flagged = exceptions.filter((i) => i.authorizationId);
      for (const i of flagged) {
        await em.query(`UPDATE authorizations SET needs_review = true, review_reason = COALESCE(review_reason, $2) WHERE id = $1`, [
          i.authorizationId,
          `RECONCILIATION:${i.cls}`,
        ]);
      }
    });
    this.logger.log(`reconciliation ${runId}: ${items.length - exceptions.length} matched, ${exceptions.length} exceptions ${JSON.stringify(byClass)}`);
    return { runId, matched: items.length - exceptions.length, exceptions: exceptions.length, byClass, sources: { chain: 'OK', exchange: exchangeSource } };
  }
}

function exchangeDetail(e: ExchangeEvidence, s: ExchangeCreditStatus | undefined): object {
  return {
    credit: e.credit,
    creditedAmount: s?.creditedAmount ?? null,
    creditedTxHash: s?.creditedTxHash ?? null,
    notification: s?.notification ?? null,
    notificationAttempts: s?.notificationAttempts ?? 0,
    notificationError: s?.notificationError ?? null,
  };
}

import type { DataSource } from 'typeorm';
import type { AuthorizerConfig } from '../../../apps/authorizer/src/config/authorizer-config';
import type { Metrics } from '../../../apps/authorizer/src/ops/metrics';
import type { RefundRequester } from '../../../apps/authorizer/src/settlement/refund-requester';
import type { AuthorizationContext } from '../../../apps/authorizer/src/pipeline/authorization-context';
import type { AuthorizationPipeline } from '../../../apps/authorizer/src/pipeline/authorization-pipeline';
import type { AuthorizationRecorder, Completion } from '../../../apps/authorizer/src/pipeline/authorization-recorder';
import { AuthorizationService } from '../../../apps/authorizer/src/pipeline/authorization.service';

/**
 * Test doubles around AuthorizationService (authorization.service.spec.ts): pipelines that pay after
 * given delays, a recorder whose writes succeed, fail or find the row closed, and the service built on them.
 */
export const DEADLINE_MS = 100;

export const HASH = `0x${'ab'.repeat(32)}`;

function instructed(ctx: AuthorizationContext): void {
  ctx.instructions = {
    chain: 'eip155:31337',
    destination: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    quoteId: 'q',
    rate: '1',
    assetSymbol: 'USDC',
  } as never;
  ctx.asset = { symbol: 'USDC' } as never;
  ctx.cryptoAmount = 12_340_000n;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A pipeline whose payment commits the approval with it, as PaymentBatchWriter does: signed after
 * `signMs` (the row built), committed after `commitMs` more, broadcast after `broadcastMs` more, then
 * `outcome`. `written` false: the row was closed or reversed meanwhile, so neither was written and the
 * settle step declines (AUTHORIZATION_CLOSED). The rows it committed are kept.
 */
export function payingWithApproval(signMs: number, commitMs: number, broadcastMs: number, written = true, outcome?: 'SYSTEM_ERROR') {
  const rows: Record<string, unknown>[] = [];
  const pipeline = {
    prefetch: () => undefined,
    run: async (ctx: AuthorizationContext) => {
      instructed(ctx);
      await sleep(signMs);
      if (!ctx.stillInTime()) return 'ISSUER_UNAVAILABLE';
      rows.push(ctx.answerWithPayment!.row(HASH) as Record<string, unknown>);
      await sleep(commitMs);
      if (outcome) return outcome; // the commit reported an error: whether it committed is unknown
      ctx.answerWithPayment!.done(written);
      if (!written) return 'ISSUER_UNAVAILABLE';
      ctx.txHash = HASH; // as the settle step does once the payment is committed
      await sleep(broadcastMs);
      return undefined;
    },
  } as unknown as AuthorizationPipeline;
  return { pipeline, rows };
}

/**
 * A pipeline that paid (a transaction hash) after `ms` without its approval in the payment's commit:
 * the defensive path (the service's orders always carry one) — a payment whose approval is not
 * recorded must be answered and refunded as a late approval.
 */
export const paying = (ms: number) =>
  ({
    prefetched: [] as string[],
    prefetch(this: { prefetched: string[] }, ctx: AuthorizationContext) {
      this.prefetched.push(ctx.request.mti);
    },
    run: async (ctx: AuthorizationContext) => {
      await sleep(ms);
      instructed(ctx);
      ctx.txHash = HASH;
      return undefined;
    },
  }) as unknown as AuthorizationPipeline;

/**
 * The answer's write: resolves `written` after `ms` (or fails with `fails`), keeping what it was asked
 * to record and in which transaction; `stored` is what reading the row back finds. After a failed write,
 * closing the row resolves `closes` (or fails with it).
 */
export function recorder(ms: number, written: boolean, fails?: Error, stored: Record<string, string> | null = null, closes: boolean | Error = false) {
  const recorded: { status: Completion['status']; responseCode: string; em?: unknown }[] = [];
  const write = async (c: Completion, em?: unknown) => {
    recorded.push({ status: c.status, responseCode: c.responseCode, em });
    await new Promise((res) => setTimeout(res, ms));
    if (recorded.length === 1 && fails) throw fails;
    if (recorded.length === 1) return written;
    if (closes instanceof Error) throw closes;
    return closes;
  };
  const r = {
    begin: async () => undefined,
    load: async () => ({ requestHash: 'h', responseFields: stored }),
    finish: (_: AuthorizationContext, c: Completion) => write(c),
    finishIn: (em: unknown, _: AuthorizationContext, c: Completion) => write(c, em),
  } as unknown as AuthorizationRecorder;
  return { r, recorded };
}

/** The transaction's entity manager: what the late approval's two writes must share. */
export const TX = { inTransaction: true };

export function service(pipeline: AuthorizationPipeline, rec: AuthorizationRecorder) {
  const refunds = { request: jest.fn(async () => true) };
  const metrics = {
    phaseTimer: () => () => undefined,
    latency: { observe: () => undefined },
    authorizations: { inc: () => undefined },
  } as unknown as Metrics;
  const config = { responseDeadlineMs: DEADLINE_MS, settlementIndicator: 'de48' } as AuthorizerConfig;
  const db = { manager: {}, transaction: async <T>(work: (em: unknown) => Promise<T>) => work(TX) } as unknown as DataSource;
  const s = new AuthorizationService(pipeline, rec, refunds as unknown as RefundRequester, db, metrics, config);
  return { s, refunds };
}

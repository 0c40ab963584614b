import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeclineReason } from '@bridge/contracts';
import { DIALECT_1987_ASCII, IsoMessage, NamedFields, toNamedFields } from '@bridge/iso8583';
import { DataSource } from 'typeorm';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { Metrics } from '../ops/metrics';
import { RefundRequester } from '../settlement/refund-requester';
import type { AuthorizationRequest } from '../mapping/authorization-request';
import type { AuthorizationResult } from '../mapping/authorization-result';
import { DECISION_FIELDS, toAuthorizationResponse, toReplayedResponse } from '../mapping/to-authorization-response';
import { approvalCode } from './approval-code';
import { ApprovalWithPayment } from './approval-with-payment';
import { AuthorizationContext } from './authorization-context';
import { AuthorizationPipeline } from './authorization-pipeline';
import { AuthorizationRecorder, type Completion, type StoredAuthorization } from './authorization-recorder';
import { requestHash } from './request-hash';

const DUPLICATE_POLL_MS = 20;

/**
 * One 0100/0101 end to end: claim the network key, run the pipeline against the response
 * deadline, record, answer. An approval is recorded in its payment's commit (ApprovalWithPayment);
 * a decline after the pipeline. At the deadline the answer is 91 and the context is closed, so
 * no payment can be persisted afterwards. Once the decision's row is being written the deadline
 * no longer answers: the recorded decision goes out when written, late rather than contradicted —
 * an approval as soon as it is committed, without waiting for its broadcast.
 */
@Injectable()
export class AuthorizationService {
  private readonly logger = new Logger(AuthorizationService.name);
  private readonly receivedTimer: (startedMs: number) => void;
  private readonly answerTimer: (startedMs: number) => void;
  /** Originals being answered by this process, by network key: a retransmission takes the same answer. */
  private readonly inProgress = new Map<string, Promise<IsoMessage>>();

  constructor(
    private readonly pipeline: AuthorizationPipeline,
    private readonly recorder: AuthorizationRecorder,
    private readonly refunds: RefundRequester,
    private readonly db: DataSource,
    private readonly metrics: Metrics,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {
    this.receivedTimer = metrics.phaseTimer('record_received');
    this.answerTimer = metrics.phaseTimer('record_answer');
  }

  async authorize(request: AuthorizationRequest): Promise<IsoMessage> {
    const ctx = new AuthorizationContext(request, Date.now() + this.config.responseDeadlineMs);
    const approval = new ApprovalWithPayment(ctx, (c, txHash) => this.decision(c, undefined, txHash));
    ctx.answerWithPayment = approval;
    const key = networkKey(request);
    // Not for a repeat (0101: a duplicate, or one never received) nor a retransmission of an original this
    // process is answering (it takes that answer): the exchange would be asked for nothing.
    if (request.mti !== '0101' && !this.inProgress.has(key)) this.pipeline.prefetch(ctx);
    let existing: StoredAuthorization | undefined;
    try {
      const started = performance.now();
      existing = await this.recorder.begin(ctx);
      this.receivedTimer(started);
    } catch (e) {
      // Without the row nothing can be paid safely: the issuer side is unavailable.
      this.logger.error(`cannot record authorization: ${(e as Error).message}`);
      return this.respond(ctx, { approved: false, reason: 'ISSUER_UNAVAILABLE' });
    }
    if (existing) return this.replay(ctx, existing);
    const work = this.pipeline
      .run(ctx)
      .then((decline) => this.complete(ctx, decline))
      .catch((e) => {
        this.logger.error(`authorization ${ctx.authorizationId} failed: ${(e as Error)?.stack ?? String(e)}`);
        return this.respond(ctx, { approved: false, reason: 'SYSTEM_ERROR' });
      });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<IsoMessage>((resolve) => {
      timer = setTimeout(
        () => {
          // Being recorded: a decline's answer follows its row (the work); an approval's goes once committed.
          if (ctx.recordingAnswer) return void approval.recorded.then((answer) => resolve(answer ?? this.answerLate(ctx)));
          resolve(this.answerLate(ctx));
        },
        Math.max(0, ctx.remainingMs()),
      );
    });
    const answered = Promise.race([work, deadline]);
    this.inProgress.set(key, answered);
    try {
      const answer = await answered;
      this.metrics.latency.observe((Date.now() - ctx.receivedAt.getTime()) / 1000);
      this.metrics.authorizations.inc({ de39: String(toNamedFields(answer, DIALECT_1987_ASCII).responseCode ?? '') });
      return answer;
    } finally {
      clearTimeout(timer);
      this.inProgress.delete(key);
    }
  }

  /** The deadline's 91: from now on nothing may commit money for this authorization (ctx.stillInTime). */
  private answerLate(ctx: AuthorizationContext): IsoMessage {
    ctx.answeredLate = true;
    return this.respond(ctx, { approved: false, reason: 'ISSUER_UNAVAILABLE' });
  }

  private async complete(ctx: AuthorizationContext, decline: DeclineReason | undefined): Promise<IsoMessage> {
    if (ctx.recordedAnswer) return ctx.recordedAnswer; // committed with its payment: it stands
    ctx.recordingAnswer = true; // synchronously before the write: no deadline can slip in between
    const { answer, completion } = this.decision(ctx, decline);
    const started = performance.now();
    let written: boolean;
    try {
      written = await this.record(ctx, completion);
    } catch (e) {
      return this.afterUnconfirmedWrite(ctx, e as Error);
    }
    this.answerTimer(started);
    return written ? answer : this.unwritten(ctx);
  }

  /**
   * The row took no answer: closed by the stale sweeper while the write waited, reversed by the network
   * before it (nothing was paid: an approval cannot land there, and its payment rolls back with it; the
   * sweeper closes the row) — 91 — or answered already: an approval committed with its payment whose
   * commit reported an error → that answer goes out.
   */
  private async unwritten(ctx: AuthorizationContext): Promise<IsoMessage> {
    return (await this.storedAnswer(ctx)) ?? this.respond(ctx, { approved: false, reason: 'ISSUER_UNAVAILABLE' });
  }

  /** The answer the row records, if it records one (and can be read). */
  private async storedAnswer(ctx: AuthorizationContext): Promise<IsoMessage | undefined> {
    const stored = await this.recorder.load(ctx).catch(() => undefined);
    return stored?.responseFields ? toReplayedResponse(ctx.request.mti, ctx.request.echo, stored.responseFields) : undefined;
  }

  /**
   * The answer for the network (the deadline's 91 if that went out) and the row that records it. Money
   * that moves while the network was told no must come back: with a payment, a decline is a late approval.
   */
  private decision(ctx: AuthorizationContext, decline: DeclineReason | undefined, txHash = ctx.txHash): { answer: IsoMessage; completion: Completion } {
    const result: AuthorizationResult = decline
      ? { approved: false, reason: decline }
      : {
          approved: true,
          approvalCode: approvalCode(),
          chain: ctx.instructions!.chain,
          txHash: txHash!,
          cryptoAmount: ctx.cryptoAmount!,
          assetSymbol: ctx.asset!.symbol,
        };
    const answer = ctx.answeredLate ? this.respond(ctx, { approved: false, reason: 'ISSUER_UNAVAILABLE' }) : this.respond(ctx, result);
    const sent = toNamedFields(answer, DIALECT_1987_ASCII);
    const late = txHash !== undefined && (ctx.answeredLate || decline !== undefined);
    const completion: Completion = {
      status: late ? 'LATE_APPROVED' : result.approved && !ctx.answeredLate ? 'APPROVED' : 'DECLINED',
      declineReason: ctx.answeredLate ? 'ISSUER_UNAVAILABLE' : decline,
      responseCode: sent.responseCode as string,
      approvalCode: sent.approvalCode as string | undefined,
      responseFields: decisionOf(sent),
      reviewReason: late ? 'LATE_APPROVAL' : undefined,
    };
    return { answer, completion };
  }

  /** The row's answer; a late approval with its refund request, in one transaction. */
  private record(ctx: AuthorizationContext, completion: Completion): Promise<boolean> {
    return completion.status === 'LATE_APPROVED' ? this.recordLate(ctx, completion) : this.recorder.finish(ctx, completion);
  }

  /**
   * A late approval and its refund request commit together, as the stale sweeper's do: apart, a crash
   * between them left LATE_APPROVED — money moved, the network told 91 — with no refund, and a row the
   * sweeper no longer looks at. Defensive: only a payment made without ApprovalWithPayment gets here (an
   * order that carries one commits with its approval or not at all) — so not batched.
   */
  private recordLate(ctx: AuthorizationContext, completion: Completion): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const written = await this.recorder.finishIn(em, ctx, completion);
      if (written) await this.refunds.request(em, ctx.authorizationId, 'LATE_APPROVAL');
      return written;
    });
  }

  /**
   * The answer's write failed, perhaps after it committed (a connection lost between COMMIT and its
   * result), perhaps still in flight on the server (a dying connection's statement can run after we
   * notice). So the row is closed with the answer that is about to go out — 96, or the deadline's 91
   * already sent — if it is still RECEIVED, a payment made a late approval with its refund: the lost
   * write, were it to run afterwards, then finds the row answered and writes nothing (ANSWER_SQL's
   * status predicate; one holding the row waits for it). Not closed because it is answered → that answer
   * goes out (a 96 would contradict an approval whose payment moves). Not closed otherwise (reversed
   * meanwhile), or the database unusable → rethrown: 96, and the stale sweeper closes the row.
   */
  private async afterUnconfirmedWrite(ctx: AuthorizationContext, error: Error): Promise<IsoMessage> {
    const { answer, completion } = this.decision(ctx, 'SYSTEM_ERROR');
    const closed = await this.record(ctx, completion).catch(() => undefined);
    if (closed) {
      this.logger.warn(
        `authorization ${ctx.authorizationId}: its answer's write failed ("${error.message}"); recorded and answered ${completion.responseCode}`,
      );
      return answer;
    }
    const stored = closed === false ? await this.storedAnswer(ctx) : undefined;
    if (!stored) throw error;
    this.logger.warn(`authorization ${ctx.authorizationId}: its answer's write reported "${error.message}", but the row is answered: sending that answer`);
    return stored;
  }

  private respond(ctx: AuthorizationContext, result: AuthorizationResult): IsoMessage {
    return toAuthorizationResponse(ctx.request.mti, ctx.request.echo, result, this.config.settlementIndicator);
  }

  /**
   * A repeat or retransmission: the stored answer, DE2 re-echoed; same key, other content → 94. One whose
   * original this process is still answering takes that answer when it goes out, however late (its own
   * deadline's 91 could contradict it); an original elsewhere is polled for until this one's deadline,
   * then closed with this one's 91 (closeOriginal).
   */
  private async replay(ctx: AuthorizationContext, stored: StoredAuthorization): Promise<IsoMessage> {
    if (stored.requestHash !== requestHash(ctx.request)) return this.respond(ctx, { approved: false, reason: 'DUPLICATE_MISMATCH' });
    const original = this.inProgress.get(networkKey(ctx.request));
    if (original && !stored.responseFields) {
      return toReplayedResponse(ctx.request.mti, ctx.request.echo, decisionOf(toNamedFields(await original, DIALECT_1987_ASCII)));
    }
    while (!stored.responseFields && ctx.remainingMs() > DUPLICATE_POLL_MS) {
      await new Promise((r) => setTimeout(r, DUPLICATE_POLL_MS));
      stored = await this.recorder.load(ctx);
    }
    if (!stored.responseFields) return this.closeOriginal(ctx, stored);
    return toReplayedResponse(ctx.request.mti, ctx.request.echo, stored.responseFields);
  }

  /**
   * The original, answered nowhere by this one's deadline (its process slow past its own deadline, or
   * dead), is closed with the 91 that goes out now, if still RECEIVED and not reversed: its process then
   * finds the row answered and sends that 91 too — an approval in flight rolls back with its payment (all
   * or none), a decline's write takes nothing. Answered first after all → that answer goes out. Before,
   * the row stayed open for the stale sweeper, and an approval landing after this 91 went out as a 00.
   */
  private async closeOriginal(ctx: AuthorizationContext, stored: StoredAuthorization): Promise<IsoMessage> {
    const { answer, completion } = this.decision(ctx, 'ISSUER_UNAVAILABLE');
    const closed = await this.recorder.closeUnanswered(stored.id, completion).catch(() => undefined);
    if (closed !== false) return answer; // closed, or the database unusable: the 91 (the row left to the sweeper)
    return (await this.storedAnswer(ctx)) ?? answer;
  }
}

/** DE32 + DE11 + DE7 + DE41: the key the network retransmits and repeats an authorization under. */
function networkKey(r: AuthorizationRequest): string {
  return `${r.acquirerId}|${r.stan}|${r.transmissionDateTime}|${r.terminalId}`;
}

function decisionOf(fields: NamedFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of DECISION_FIELDS) if (typeof fields[name] === 'string') out[name] = fields[name] as string;
  return out;
}

import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { DeclineReason } from '@bridge/contracts';
import type { AuthorizationStatus } from '@bridge/persistence';
import type { PanTokenizer } from '@bridge/runtime';
import { Inject } from '@nestjs/common';
import type { AuthorizationContext } from './authorization-context';
import { PAN_TOKENIZER } from './pan-tokenizer.provider';
import { requestHash } from './request-hash';

export interface StoredAuthorization {
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

/** Writes the authorization row: once on receipt (the unique network key claims it), once on answer. */
@Injectable()
export class AuthorizationRecorder {
  constructor(
    private readonly db: DataSource,
    @Inject(PAN_TOKENIZER) private readonly tokenizer: PanTokenizer,
  ) {}

  /** Inserts the RECEIVED row; returns the existing one when the network key was seen before. */
  async begin(ctx: AuthorizationContext): Promise<StoredAuthorization | undefined> {
    const r = ctx.request;
    try {
      await this.db.query(
        `INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4,
           merchant_id, rrn, amount_minor, currency_numeric, status, received_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'RECEIVED',$14)`,
        [
          ctx.authorizationId,
          r.acquirerId,
          r.stan,
          r.transmissionDateTime,
          r.terminalId,
          r.mti,
          requestHash(r),
          this.tokenizer.token(r.pan),
          r.pan.slice(-4),
          r.merchantId,
          r.rrn ?? null,
          r.amountMinor.toString(),
          r.currencyNumeric,
          ctx.receivedAt,
        ],
      );
      return undefined;
    } catch (e) {
      if (!(e instanceof QueryFailedError) || (e.driverError as { code?: string })?.code !== '23505') throw e;
      return this.load(ctx);
    }
  }

  async load(ctx: AuthorizationContext): Promise<StoredAuthorization> {
    const r = ctx.request;
    const [row] = (await this.db.query(
      `SELECT request_hash, response_fields FROM authorizations WHERE acquirer_id = $1 AND stan = $2 AND transmission_date_time = $3 AND terminal_id = $4`,
      [r.acquirerId, r.stan, r.transmissionDateTime, r.terminalId],
    )) as { request_hash: string; response_fields: Record<string, string> | null }[];
    return { requestHash: row.request_hash, responseFields: row.response_fields };
  }

  async finish(ctx: AuthorizationContext, c: Completion): Promise<void> {
    const i = ctx.instructions;
    await this.db.query(
      `UPDATE authorizations SET status = $2, decline_reason = $3, response_code = $4, approval_code = $5, quote_id = $6, rate = $7,
         crypto_amount = $8, asset_symbol = $9, destination = $10, response_fields = $11, responded_at = now(),
         needs_review = $12, review_reason = $13 WHERE id = $1 AND status = 'RECEIVED'`,
      [
        ctx.authorizationId,
        c.status,
        c.declineReason ?? null,
        c.responseCode,
        c.approvalCode ?? null,
        i?.quoteId ?? null,
        i?.rate ?? null,
        ctx.cryptoAmount?.toString() ?? null,
        i?.assetSymbol ?? null,
        i?.destination ?? null,
        JSON.stringify(c.responseFields),
        c.reviewReason !== undefined,
        c.reviewReason ?? null,
      ],
    );
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeclineReason } from '@bridge/contracts';
import { CardAccountEntity } from '@bridge/persistence';
import type { PanTokenizer } from '@bridge/runtime';
import { PAN_TOKENIZER } from '../pan-tokenizer.provider';
import type { AuthorizationContext } from '../authorization-context';
import type { AuthorizationStep } from '../authorization-step';

/** Finds the card by PAN token and checks status, expiry (DE14, YYMM) and funding. */
@Injectable()
export class FindAccountStep implements AuthorizationStep {
  readonly name = 'account';

  constructor(
    private readonly db: DataSource,
    @Inject(PAN_TOKENIZER) private readonly tokenizer: PanTokenizer,
  ) {}

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    // Normally read with the RECEIVED insert (AuthorizationRecorder.begin): no round trip of its own.
    const account =
      ctx.cardLookup !== undefined
        ? ctx.cardLookup
        : await this.db.getRepository(CardAccountEntity).findOneBy({ panToken: this.tokenizer.token(ctx.request.pan) });
    if (!account || account.status !== 'ACTIVE') return 'UNKNOWN_CARD';
    const expiry = ctx.request.expiry;
    if (expiry !== undefined && expiry !== account.expiry) return 'CARD_EXPIRED';
    if (isExpired(account.expiry, ctx.receivedAt)) return 'CARD_EXPIRED';
    ctx.account = account;
    if (account.funding !== 'CRYPTO' || !account.walletId) return 'NOT_PERMITTED'; // no fiat route configured
    return undefined;
  }
}

/** A card is valid through the last day of its expiry month (ISO/IEC 7813). */
export function isExpired(yymm: string, now: Date): boolean {
  const year = 2000 + Number(yymm.slice(0, 2));
  const month = Number(yymm.slice(2, 4));
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 > year * 12 + month;
}

import { Injectable } from '@nestjs/common';
import type { DeclineReason } from '@bridge/contracts';
import type { AuthorizationContext } from '../authorization-context';
import type { AuthorizationStep } from '../authorization-step';
import { WarmCards } from '../warm-cards';

/**
 * Checks the card found by PAN token (read with the RECEIVED insert, AuthorizationRecorder.begin, so
 * no round trip of its own): status, expiry (DE14, YYMM) and funding. Payable cards are remembered
 * (WarmCards): their next authorization asks the exchange without waiting for this read.
 */
@Injectable()
export class FindAccountStep implements AuthorizationStep {
  readonly name = 'account';

  constructor(private readonly warm: WarmCards) {}

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    const decline = this.check(ctx);
    this.warm.remember(ctx, decline === undefined);
    return decline;
  }

  private check(ctx: AuthorizationContext): DeclineReason | undefined {
    if (ctx.cardLookup === undefined) throw new Error('the card was not read: AuthorizationRecorder.begin runs first');
    const account = ctx.cardLookup;
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

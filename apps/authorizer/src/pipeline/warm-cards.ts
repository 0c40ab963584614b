import { Inject, Injectable } from '@nestjs/common';
import { LruMap, type PanTokenizer } from '@bridge/runtime';
import type { AuthorizationContext } from './authorization-context';
import { PAN_TOKENIZER } from './pan-tokenizer.provider';

/**
 * Cards remembered (50,000 tokens: 5.5 MB of heap, measured); the least recently found payable are
 * forgotten first. A forgotten card only asks the exchange after its row is read, as before.
 */
export const WARM_CARDS_CAPACITY = 50_000;

/**
 * Cards whose last authorization found them active and crypto-funded, by PAN token (an HMAC: no PAN is
 * kept). For these the exchange is asked alongside the RECEIVED insert instead of after it, one round
 * trip less per authorization; the card is still checked on the row read with that insert, so a card
 * blocked meanwhile is declined as before, its exchange answer unused. Unknown PANs (card testing) never
 * reach the exchange early.
 */
@Injectable()
export class WarmCards {
  /** Re-adding moves a token to the end; past the capacity the least recently found payable goes. */
  private readonly tokens = new LruMap<string, true>(WARM_CARDS_CAPACITY);

  constructor(@Inject(PAN_TOKENIZER) private readonly tokenizer: PanTokenizer) {}

  has(ctx: AuthorizationContext): boolean {
    return this.tokens.has(this.tokenOf(ctx));
  }

  /** After the account step: payable (true) or not (false, e.g. blocked, expired, fiat-funded). */
  remember(ctx: AuthorizationContext, payable: boolean): void {
    const token = this.tokenOf(ctx);
    if (payable) this.tokens.set(token, true);
    else this.tokens.delete(token);
  }

  get size(): number {
    return this.tokens.size;
  }

  private tokenOf(ctx: AuthorizationContext): string {
    return (ctx.panToken ??= this.tokenizer.token(ctx.request.pan));
  }
}

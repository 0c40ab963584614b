import { PanTokenizer } from '@bridge/runtime';
import { authorizationRequest } from '../../../../test/unit/support/authorization-request';
import { AuthorizationContext } from './authorization-context';
import { WARM_CARDS_CAPACITY, WarmCards } from './warm-cards';

/** A context per card: the token is what is remembered, so a preset one stands for the card. */
const card = (n: number) => {
  const ctx = new AuthorizationContext(authorizationRequest(), Date.now() + 1_500);
  ctx.panToken = `token-${n}`;
  return ctx;
};

describe('WarmCards', () => {
  it('keys by PAN token, never the PAN', () => {
    const warm = new WarmCards(PanTokenizer.fromHex('ab'.repeat(32)));
    const ctx = new AuthorizationContext(authorizationRequest(), Date.now() + 1_500);
    warm.remember(ctx, true);
    expect(ctx.panToken).toMatch(/^[0-9a-f]{64}$/);
    expect(ctx.panToken).not.toContain(ctx.request.pan);
    expect(warm.has(new AuthorizationContext(authorizationRequest(), Date.now()))).toBe(true);
    expect(warm.has(new AuthorizationContext(authorizationRequest({ pan: '4000000000000002' }), Date.now()))).toBe(false);
  });

  it('forgets a card found not payable, and the least recently payable beyond its capacity', () => {
    const warm = new WarmCards(PanTokenizer.fromHex('ab'.repeat(32)));
    for (let n = 0; n < WARM_CARDS_CAPACITY; n++) warm.remember(card(n), true);
    warm.remember(card(0), true); // found payable again: now the most recent
    warm.remember(card(WARM_CARDS_CAPACITY), true);
    expect(warm.size).toBe(WARM_CARDS_CAPACITY);
    expect(warm.has(card(1))).toBe(false); // the oldest went
    expect(warm.has(card(0))).toBe(true);
    expect(warm.has(card(WARM_CARDS_CAPACITY))).toBe(true);
    warm.remember(card(0), false);
    expect(warm.has(card(0))).toBe(false);
  });
});

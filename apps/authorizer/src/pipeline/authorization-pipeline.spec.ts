import type { PaymentInstructionsReply, PaymentInstructionsRequest } from '@bridge/contracts';
import { PanTokenizer } from '@bridge/runtime';
import { authorizationRequest } from '../../../../test/unit/support/authorization-request';
import type { ExchangeAdapterClient } from '../exchange/exchange-adapter.client';
import { ExchangeUnavailableError } from '../exchange/exchange-unavailable.error';
import type { Metrics } from '../ops/metrics';
import type { AssetDirectory } from '../settlement/asset-directory';
import type { ChainGateway } from '../settlement/chain-gateway';
import { AuthorizationContext } from './authorization-context';
import { AuthorizationPipeline } from './authorization-pipeline';
import type { CardAccount } from './card-account';
import { FetchInstructionsStep } from './steps/fetch-instructions.step';
import { FindAccountStep } from './steps/find-account.step';
import type { SettlePaymentStep } from './steps/settle-payment.step';
import { ValidateRequestStep } from './steps/validate-request.step';
import { WarmCards } from './warm-cards';

const CHAIN = 'eip155:31337';
const ACTIVE: CardAccount = { id: 'c1', expiry: '3012', funding: 'CRYPTO', status: 'ACTIVE', walletId: 'w1' };

function ctxFor(pan?: string): AuthorizationContext {
  return new AuthorizationContext(authorizationRequest(pan ? { pan } : {}), Date.now() + 1_500);
}

const approvedReply: PaymentInstructionsReply = {
  ok: true,
  instructions: {
    chain: CHAIN,
    destination: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    assetSymbol: 'ETH',
    quoteId: 'q1',
    rate: '0.0005',
    spreadBps: 0,
    cryptoAmount: '6170000000000000',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  },
};

/** The pipeline with its real validate, account and instructions steps; the exchange adapter is the boundary. */
function pipeline(answer: (r: PaymentInstructionsRequest) => Promise<PaymentInstructionsReply> = async () => approvedReply, exchangeAskAhead = true) {
  const asked: PaymentInstructionsRequest[] = [];
  const exchange = {
    paymentInstructions: (r: PaymentInstructionsRequest) => (asked.push(r), answer(r)),
  } as unknown as ExchangeAdapterClient;
  const ahead = { started: 0, used: 0 };
  const metrics = {
    exchangeFailures: { inc: () => undefined },
    exchangeCallsAhead: { inc: () => ahead.started++ },
    exchangeCallsAheadUsed: { inc: () => ahead.used++ },
    steps: { labels: () => ({ observe: () => undefined }) },
  } as unknown as Metrics;
  const assets = { find: async () => ({ symbol: 'ETH', chain: CHAIN, tokenAddress: null, decimals: 18 }) } as unknown as AssetDirectory;
  const chain = { caip2: CHAIN } as unknown as ChainGateway;
  const settle = { name: 'settle', run: async () => undefined } as unknown as SettlePaymentStep;
  const warm = new WarmCards(PanTokenizer.fromHex('ab'.repeat(32)));
  const p = new AuthorizationPipeline(
    new ValidateRequestStep(),
    new FindAccountStep(warm),
    new FetchInstructionsStep(exchange, assets, chain, metrics),
    settle,
    warm,
    metrics,
    { exchangeAskAhead },
  );
  return { p, asked, warm, ahead };
}

/** What AuthorizationService does: prefetch, then the RECEIVED trip reads the card, then the steps. */
async function authorize(p: AuthorizationPipeline, ctx: AuthorizationContext, card: CardAccount | null, askedBeforeRead?: () => void) {
  p.prefetch(ctx);
  askedBeforeRead?.();
  ctx.cardLookup = card;
  return p.run(ctx);
}

describe('AuthorizationPipeline.prefetch', () => {
  it('asks the exchange before the card is read only for a card last found payable', async () => {
    const { p, asked } = pipeline();
    let early = -1;
    expect(await authorize(p, ctxFor(), ACTIVE, () => (early = asked.length))).toBeUndefined();
    expect(early).toBe(0); // first sight of the card: asked after the account step
    expect(asked).toHaveLength(1);
    const warmCtx = ctxFor();
    expect(await authorize(p, warmCtx, ACTIVE, () => (early = asked.length))).toBeUndefined();
    expect(early).toBe(2); // warm: asked before the read, once
    expect(asked).toHaveLength(2);
    expect(warmCtx.instructions?.quoteId).toBe('q1');
    expect(warmCtx.cryptoAmount).toBe(6_170_000_000_000_000n);
  });

  it('a warm card found blocked is declined on the card as read, and is asked for early no more', async () => {
    const { p, asked, warm, ahead } = pipeline();
    await authorize(p, ctxFor(), ACTIVE);
    expect(warm.size).toBe(1);
    await authorize(p, ctxFor(), ACTIVE);
    expect(ahead).toEqual({ started: 1, used: 1 });
    const blocked = ctxFor();
    expect(await authorize(p, blocked, { ...ACTIVE, status: 'BLOCKED' })).toBe('UNKNOWN_CARD');
    expect(blocked.instructions).toBeUndefined(); // the early answer is never used
    expect(ahead).toEqual({ started: 2, used: 1 }); // what ops see as asked for nothing
    expect(warm.size).toBe(0);
    let early = -1;
    expect(await authorize(p, ctxFor(), { ...ACTIVE, status: 'BLOCKED' }, () => (early = asked.length))).toBe('UNKNOWN_CARD');
    expect(early).toBe(3);
    expect(asked).toHaveLength(3); // not asked at all once known not payable
  });

  it('never asks early for an unknown PAN or a request that fails validation', async () => {
    const { p, asked, warm } = pipeline();
    expect(await authorize(p, ctxFor('4000000000000002'), null)).toBe('UNKNOWN_CARD');
    expect(await authorize(p, ctxFor('4000000000000002'), null)).toBe('UNKNOWN_CARD');
    await authorize(p, ctxFor(), ACTIVE); // warm now
    const badLuhn = ctxFor('4761739001010118');
    const good = ctxFor();
    expect(warm.has(good)).toBe(true);
    badLuhn.panToken = good.panToken; // even were its token the warm card's
    p.prefetch(badLuhn);
    expect(asked).toHaveLength(1);
  });

  it('an early call that fails is reported by the step that uses it, and unused it surfaces nowhere', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      let failing = false;
      const { p } = pipeline(async () => {
        if (failing) throw new ExchangeUnavailableError('exchange adapter: timed out');
        return approvedReply;
      });
      await authorize(p, ctxFor(), ACTIVE);
      failing = true;
      expect(await authorize(p, ctxFor(), ACTIVE)).toBe('ISSUER_UNAVAILABLE');
      const unused = ctxFor();
      p.prefetch(unused); // the card then turns out blocked: the failed call is never awaited
      expect(await authorize(p, unused, { ...ACTIVE, status: 'BLOCKED' })).toBe('UNKNOWN_CARD');
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('EXCHANGE_ASK_AHEAD=off: a warm card too is asked for only after its row is read', async () => {
    const { p, asked } = pipeline(undefined, false);
    await authorize(p, ctxFor(), ACTIVE);
    let early = -1;
    expect(await authorize(p, ctxFor(), ACTIVE, () => (early = asked.length))).toBeUndefined();
    expect(early).toBe(1);
    expect(asked).toHaveLength(2);
  });
});

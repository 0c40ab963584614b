import { resolveOrder, type PaymentOrder } from './payment-order';
import type { WalletInfo } from './wallet-directory';

describe('resolveOrder', () => {
  const funding: WalletInfo = {
    id: 'w1',
    address: '0x00000000000000000000000000000000000000aa',
    custody: 'CUSTODIAL',
    keyPath: "m/44'/60'/0'/0/0",
    spenderWalletId: null,
  };
  const order: Required<PaymentOrder> = {
    authorizationId: 'a1',
    walletId: 'w1',
    wallet: funding,
    assetSymbol: 'USDC',
    token: '0x00000000000000000000000000000000000000bb',
    destination: '0x00000000000000000000000000000000000000cc',
    amount: 8_140_500n,
    stillInTime: () => true,
    answer: { row: () => ({ id: 'a1' }), done: () => undefined },
  };

  it('carries every field of the order, the optional answer too, with the route', () => {
    const resolved = resolveOrder(order, 'ERC20_TRANSFER', funding, 65_000n);
    expect(resolved).toEqual({ ...order, kind: 'ERC20_TRANSFER', funding, gasLimit: 65_000n });
    expect(resolved.answer).toBe(order.answer);
    expect(resolved.stillInTime).toBe(order.stillInTime);
  });
});

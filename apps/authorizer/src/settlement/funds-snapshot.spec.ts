import { FundsSnapshot, type ChainFunds } from './funds-snapshot';
import type { ResolvedOrder } from './payment-order';

const order = (kind: ResolvedOrder['kind'], amount: bigint): ResolvedOrder =>
  ({ kind, amount, assetSymbol: kind === 'NATIVE' ? 'ETH' : 'USDC', funding: { id: 'f' } }) as unknown as ResolvedOrder;

const chain: ChainFunds = {
  gas: { value: 1_000n, block: 10n, at: 0 },
  funds: new Map([
    [
      'f/USDC',
      [
        { value: 500n, block: 10n, at: 0 }, // balance
        { value: 300n, block: 9n, at: 0 }, // allowance, read a block earlier
      ],
    ],
    ['f/ETH', [{ value: 1_000n, block: 10n, at: 0 }]],
  ]),
};

describe('FundsSnapshot', () => {
  it('spends the smallest reading less the payments it does not show (pending, or mined after it), down to exactly zero', () => {
    const open = [
      { key: 'f/USDC', block: null, amount: 100n, gas: 5n }, // pending: no reading shows it
      { key: 'f/USDC', block: 10n, amount: 50n, gas: 5n }, // mined at 10: the balance shows it, the allowance (at 9) does not
    ];
    const s = FundsSnapshot.of(chain, open);
    expect(s.reserve(order('ERC20_TRANSFER_FROM', 150n), 1n)).toBe(true); // allowance 300 − 150 = 150 (balance: 500 − 100 = 400)
    expect(s.reserve(order('ERC20_TRANSFER_FROM', 1n), 1n)).toBe(false);
  });

  it('a native payment takes amount + gas from the same coin; the signer’s gas is checked for every order', () => {
    const s = FundsSnapshot.of(chain, [{ key: 'f/ETH', block: null, amount: 0n, gas: 900n }]); // gas 1,000 − 900 pending = 100
    expect(s.reserve(order('NATIVE', 60n), 40n)).toBe(true); // 100 − (60 + 40) = 0
    expect(s.reserve(order('ERC20_TRANSFER_FROM', 1n), 1n)).toBe(false); // funds left, gas not
    expect(s.gasShort(1n)).toBe(true);
  });
});

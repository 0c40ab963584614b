import { FundsSnapshot, needOf, type ChainFunds } from './funds-snapshot';
import type { ResolvedOrder } from './payment-order';

const order = (kind: ResolvedOrder['kind'], amount: bigint, funding = 'f'): ResolvedOrder =>
  ({ kind, amount, assetSymbol: kind === 'NATIVE' ? 'ETH' : 'USDC', funding: { id: funding } }) as unknown as ResolvedOrder;

const chain: ChainFunds = {
  gas: { value: 1_000n, block: 10n, at: 0 },
  funds: new Map([
    [
      'f/USDC',
      [
        { value: 500n, block: 10n, at: 0 },
        { value: 300n, block: 9n, at: 0 },
      ],
    ], // balance, allowance
    ['f/ETH', [{ value: 1_000n, block: 10n, at: 0 }]],
  ]),
};

describe('FundsSnapshot', () => {
  it('an ERC-20 order takes its amount from the key and gas from the signer; a native one both from the coin', () => {
    expect(needOf(order('ERC20_TRANSFER_FROM', 40n), 7n)).toEqual({ key: 'f/USDC', funds: 40n, signerCoin: 7n });
    expect(needOf(order('NATIVE', 40n), 7n)).toEqual({ key: 'f/ETH', funds: 47n, signerCoin: 47n });
  });

  it('reserves order by order from each reading less the payments it does not show, down to exactly zero', () => {
    const open = [
      { key: 'f/USDC', block: null, amount: 100n, gas: 5n }, // pending: no reading shows it
      { key: 'f/USDC', block: 10n, amount: 50n, gas: 5n }, // mined at 10: the allowance read at 9 does not show it
    ];
    const s = FundsSnapshot.of(chain, open);
    expect(s.reserve(order('ERC20_TRANSFER_FROM', 150n), 1n)).toBe(true); // allowance 300 − 150 = 150
    expect(s.reserve(order('ERC20_TRANSFER_FROM', 1n), 1n)).toBe(false);
  });

  it('the one-trip checks: each reading of the batch’s keys with the batch’s total, and the signer’s coin', () => {
    const needs = [needOf(order('ERC20_TRANSFER_FROM', 40n), 7n), needOf(order('ERC20_TRANSFER_FROM', 2n), 7n)];
    expect(FundsSnapshot.checks('s', chain, needs)).toEqual([
      { key: 'f/USDC', signer: null, block: 10n, value: 500n, need: 42n },
      { key: 'f/USDC', signer: null, block: 9n, value: 300n, need: 42n },
      { key: null, signer: 's', block: 10n, value: 1_000n, need: 14n },
    ]);
  });
});

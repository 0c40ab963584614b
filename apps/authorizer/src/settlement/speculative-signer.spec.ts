import { setImmediate as turn } from 'node:timers/promises';
import { Wallet } from 'ethers';
import { Secp256k1Key } from '@bridge/runtime';
import type { ChainGateway, FeeQuote } from './chain-gateway';
import { paymentTx, type ResolvedOrder } from './payment-order';
import { signPayment } from './sign-payment';
import { SpeculativeSigner } from './speculative-signer';

const key = new Secp256k1Key(Wallet.createRandom().privateKey);
let fees: FeeQuote = { maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };
const chain = { chainId: 31337n, currentFees: () => fees } as unknown as ChainGateway;

let seq = 0;
const order = (): ResolvedOrder => ({
  authorizationId: `auth-${seq++}`,
  walletId: 'w',
  assetSymbol: 'USDC',
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  destination: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  amount: BigInt(1000 + seq),
  stillInTime: () => true,
  kind: 'ERC20_TRANSFER',
  funding: { id: 'w', address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', custody: 'CUSTODIAL', keyPath: "m/44'/60'/0'/0/1", spenderWalletId: null },
  gasLimit: 100_000n,
});

/** A signer that has seen wallet `w` commit with `next` as its next nonce. */
function committedAt(next: bigint): SpeculativeSigner {
  const s = new SpeculativeSigner(chain);
  s.committed('w', key, next);
  s.resync('w', []);
  return s;
}

/** The nonce a signature made ahead was made for (undefined: none). */
const aheadNonce = (s: SpeculativeSigner, o: ResolvedOrder) => s.take(o)?.tx.nonce;

describe('SpeculativeSigner', () => {
  beforeEach(() => {
    fees = { maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };
  });

  it('guesses nothing before the wallet first commits', async () => {
    const s = new SpeculativeSigner(chain);
    const o = order();
    s.queued('w', o);
    await turn();
    expect(s.take(o)).toBeUndefined();
  });

  it('after a commit, signs queued orders at the following nonces, exactly as the writer would', async () => {
    const s = committedAt(10n);
    const [a, b, c] = [order(), order(), order()];
    [a, b, c].forEach((o) => s.queued('w', o));
    await turn();
    const signedB = s.take(b)!;
    expect(signedB.tx).toEqual(paymentTx(b, 31337n, 11n, fees));
    expect({ rawTx: signedB.rawTx, hash: signedB.hash }).toEqual(signPayment(key, paymentTx(b, 31337n, 11n, fees)));
    expect([aheadNonce(s, a), aheadNonce(s, c)]).toEqual([10n, 12n]);
    expect(s.take(b)).toBeUndefined(); // once
  });

  it('signs after pending I/O, not on arrival; an order taken before its turn is never signed ahead', async () => {
    const s = committedAt(0n);
    const [taken, left] = [order(), order()];
    s.queued('w', taken);
    s.queued('w', left);
    expect(s.take(taken)).toBeUndefined(); // not yet: the writer signs it itself
    await turn();
    expect(s.take(taken)).toBeUndefined();
    expect(aheadNonce(s, left)).toBe(1n);
  });

  it('a batch that declined one shifts the queue: the orders behind are signed again at their real nonces', async () => {
    const s = committedAt(0n);
    const batch = [order(), order(), order()];
    const queue = [order(), order()];
    [...batch, ...queue].forEach((o) => s.queued('w', o)); // guessed 0..4
    await turn();
    batch.forEach((o) => s.take(o));
    s.committed('w', key, 2n); // one of the three declined: next nonce 2, not 3
    s.resync('w', queue);
    await turn();
    expect(queue.map((o) => aheadNonce(s, o))).toEqual([2n, 3n]);
    const later = order();
    s.queued('w', later);
    await turn();
    expect(aheadNonce(s, later)).toBe(4n);
  });

  it('refreshed fees make the queued signatures stale: they are signed again with the new fees', async () => {
    const s = committedAt(5n);
    const o = order();
    s.queued('w', o);
    await turn();
    fees = { maxFeePerGas: 9_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n };
    s.committed('w', key, 5n);
    s.resync('w', [o]);
    await turn();
    expect(s.take(o)!.tx).toEqual(paymentTx(o, 31337n, 5n, fees));
  });

  it('after a batch that did not commit, the nonces are unknown: no guessing until the next commit', async () => {
    const s = committedAt(0n);
    s.resync('w', []); // a batch ended without committed(): it failed
    const o = order();
    s.queued('w', o);
    await turn();
    expect(s.take(o)).toBeUndefined();
  });

  it('keeps wallets apart', async () => {
    const s = committedAt(100n);
    s.committed('v', key, 7n);
    s.resync('v', []);
    const [ow, ov] = [order(), order()];
    s.queued('w', ow);
    s.queued('v', ov);
    await turn();
    expect([aheadNonce(s, ow), aheadNonce(s, ov)]).toEqual([100n, 7n]);
  });
});

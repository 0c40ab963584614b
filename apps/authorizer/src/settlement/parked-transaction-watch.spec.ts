import type { ChainGateway } from './chain-gateway';
import type { OpenPayment } from './open-payment';
import { PARKED_AFTER_BLOCKS, ParkedTransactionWatch, type PoolVerdict } from './parked-transaction-watch';

const WALLET = '0x00000000000000000000000000000000000000aa';

const payment = (nonce: number, maxFee = 10n, hash = `0x${nonce}`): OpenPayment => ({
  id: `p${nonce}`,
  authorization_id: `a${nonce}`,
  status: 'SUBMITTED',
  nonce: String(nonce),
  address: WALLET,
  last_broadcast_at: null,
  key_path: "m/44'/60'/0'/0/0",
  attempts: [{ tx_hash: hash, raw_tx: '0x02', max_fee_per_gas: String(maxFee), max_priority_fee_per_gas: '1', created_at: '' }],
});

function watch(node: { nonce: bigint; inBlock?: number | null; known?: boolean; baseFee?: bigint }) {
  const nonceReads: string[] = [];
  const chain = {
    baseFee: node.baseFee ?? 5n,
    nonceAt: (address: string) => (nonceReads.push(address), Promise.resolve(node.nonce)),
    transaction: () => Promise.resolve(node.known === false ? null : { value: 0n, blockNumber: node.inBlock ?? null }),
  } as unknown as ChainGateway;
  return { w: new ParkedTransactionWatch(chain), nonceReads };
}

/** Passes at heads `from`, `from + 1`, … one second apart: what `check` answered at each. */
async function passes(w: ParkedTransactionWatch, p: OpenPayment, from: number, count: number, t0 = 0): Promise<PoolVerdict[]> {
  const answers: PoolVerdict[] = [];
  for (let i = 0; i < count; i++) {
    w.beginPass(t0 + i * 1000);
    answers.push(await w.check(p, from + i, t0 + i * 1000));
  }
  return answers;
}

describe('ParkedTransactionWatch', () => {
  it('the pooled transaction at the nonce the chain waits for: WAITING, then PARKED once PARKED_AFTER_BLOCKS blocks went by without it', async () => {
    const { w } = watch({ nonce: 7n });
    const answers = await passes(w, payment(7), 100, PARKED_AFTER_BLOCKS + 1);
    expect(answers).toEqual([...Array(PARKED_AFTER_BLOCKS).fill('WAITING'), 'PARKED']);
  });

  it('never PARKED while no block is made (a chain that is not moving has not passed it over)', async () => {
    const { w } = watch({ nonce: 7n });
    for (let i = 0; i < 6; i++) {
      w.beginPass(i * 1000);
      expect(await w.check(payment(7), 100, i * 1000)).toBe('WAITING');
    }
  });

  it('OTHER for a later nonce (it waits for the first), a mined or unknown transaction, a fee cap below the base fee', async () => {
    const only = (v: PoolVerdict[]) => [...new Set(v)];
    expect(only(await passes(watch({ nonce: 6n }).w, payment(7), 100, 10))).toEqual(['OTHER']);
    expect(only(await passes(watch({ nonce: 7n, inBlock: 99 }).w, payment(7), 100, 10))).toEqual(['OTHER']);
    expect(only(await passes(watch({ nonce: 7n, known: false }).w, payment(7), 100, 10))).toEqual(['OTHER']);
    expect(only(await passes(watch({ nonce: 7n, baseFee: 11n }).w, payment(7, 10n), 100, 10))).toEqual(['OTHER']);
  });

  it('counts blocks from where it was first seen, across passes that left it out; forgets it after a minute out of sight', async () => {
    const { w } = watch({ nonce: 7n });
    await passes(w, payment(7), 100, 1, 0);
    w.beginPass(5_000); // passes without it: it was re-sent meanwhile, say
    expect(await w.check(payment(7), 100 + PARKED_AFTER_BLOCKS, 6_000)).toBe('PARKED');
    w.beginPass(70_000);
    expect(await w.check(payment(7), 200, 70_000)).toBe('WAITING');
  });

  it('a replacement (new hash) is watched from scratch', async () => {
    const { w } = watch({ nonce: 7n });
    expect((await passes(w, payment(7), 100, PARKED_AFTER_BLOCKS + 1)).at(-1)).toBe('PARKED');
    w.beginPass(10_000);
    expect(await w.check(payment(7, 12n, '0xreplacement'), 100 + PARKED_AFTER_BLOCKS + 1, 10_000)).toBe('WAITING');
  });

  it('reads a wallet’s nonce once per pass, however many of its payments are looked at', async () => {
    const { w, nonceReads } = watch({ nonce: 7n });
    w.beginPass();
    await Promise.all([w.check(payment(7), 100), w.check(payment(8), 100), w.check(payment(9), 100)]);
    expect(nonceReads).toEqual([WALLET]);
    w.beginPass();
    await w.check(payment(7), 101);
    expect(nonceReads).toEqual([WALLET, WALLET]);
  });
});

import { Client } from 'pg';
import { jsonRpcCall } from '@bridge/runtime';

/**
 * What the node says about the oldest payment the tracker has not recorded mined, printed once a step
 * ends with more than STALL_OPEN_PAYMENTS of them (session 14: one run in eleven left 15,000 open on one
 * wallet with the block scan up to date, and the tracker's replacements found the wallet's nonces used
 * on chain). The oldest open payment of the wallet with most of them: its attempts as the node knows
 * them, the wallet's nonce on chain, and, if that nonce is past it, the transaction the chain mined at
 * its nonce and whether the database knows that hash — the facts that tell a missed receipt from a
 * transaction nobody recorded.
 */
export const STALL_OPEN_PAYMENTS = 3_000; // 512 in flight leaves 1,100–1,500 open normally (mined, awaiting confirmation)

/** Blocks searched back from the head for the mined transaction at the payment's nonce. */
const SEARCH_BLOCKS = 3_000;

interface Oldest {
  id: string;
  address: string;
  nonce: string;
  open: string;
  status: string;
  hashes: string[];
}

export async function stallProbe(databaseUrl: string, rpcUrl: string): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const oldest = await oldestOpen(db);
    if (!oldest) return 'stall probe: no open payment';
    const rpc: Rpc = (method, params) => jsonRpcCall(rpcUrl, method, params);
    const [latest, pending] = await Promise.all(
      ['latest', 'pending'].map(async (tag) => BigInt((await rpc('eth_getTransactionCount', [oldest.address, tag])) as string)),
    );
    const attempts = await Promise.all(
      oldest.hashes.map(async (h) => {
        const tx = (await rpc('eth_getTransactionByHash', [h])) as { blockNumber: string | null } | null;
        const receipt = await rpc('eth_getTransactionReceipt', [h]);
        return `${h.slice(0, 10)}… ${tx ? (tx.blockNumber ? `in block ${BigInt(tx.blockNumber)}` : 'in the pool') : 'unknown to the node'}, receipt ${receipt ? 'yes' : 'none'}`;
      }),
    );
    // anvil, geth: "pending" = ready to mine, "queued" = waiting for an earlier nonce (a parked one shows here).
    const pool = (await rpc('txpool_status', []).catch(() => undefined)) as { pending: string; queued: string } | undefined;
    const minedAt = BigInt(oldest.nonce) < latest ? await minedAtNonce(rpc, oldest.address, BigInt(oldest.nonce)) : undefined;
    const known = minedAt ? (await db.query('SELECT payment_id FROM payment_transactions WHERE tx_hash = $1', [minedAt.hash])).rows[0] : undefined;
    return [
      `stall probe: wallet ${oldest.address} has ${oldest.open} open payments; the oldest ${oldest.id} (nonce ${oldest.nonce}, ${oldest.status}):`,
      `  attempts: ${attempts.join('; ')}`,
      `  wallet nonce on chain ${latest} (pending ${pending})${pool ? `; node's pool: ${BigInt(pool.pending)} ready, ${BigInt(pool.queued)} queued` : ''}`,
      minedAt
        ? `  mined at nonce ${oldest.nonce}: ${minedAt.hash} in block ${minedAt.block}, ${known ? `stored for payment ${known.payment_id}` : 'NOT in payment_transactions'}`
        : `  nonce ${oldest.nonce} ${BigInt(oldest.nonce) < latest ? `not found in the last ${SEARCH_BLOCKS} blocks` : 'not used on chain yet'}`,
    ].join('\n');
  } finally {
    await db.end();
  }
}

async function oldestOpen(db: Client): Promise<Oldest | undefined> {
  const { rows } = await db.query(
    `WITH w AS (SELECT wallet_id, count(*) AS open FROM payments WHERE open GROUP BY wallet_id ORDER BY 2 DESC LIMIT 1)
     SELECT p.id, wa.address, p.nonce::text, w.open::text, p.status,
            ARRAY(SELECT tx_hash::text FROM payment_transactions t WHERE t.payment_id = p.id ORDER BY t.created_at) AS hashes
       FROM w JOIN payments p ON p.wallet_id = w.wallet_id AND p.open JOIN wallets wa ON wa.id = w.wallet_id
      ORDER BY p.nonce LIMIT 1`,
  );
  return rows[0] as Oldest | undefined;
}

async function minedAtNonce(rpc: Rpc, address: string, nonce: bigint): Promise<{ hash: string; block: bigint } | undefined> {
  const head = BigInt((await rpc('eth_blockNumber', [])) as string);
  for (let n = head; n >= 0n && n > head - BigInt(SEARCH_BLOCKS); n--) {
    const block = (await rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, true])) as { transactions: { hash: string; from: string; nonce: string }[] };
    const tx = block.transactions.find((t) => t.from.toLowerCase() === address.toLowerCase() && BigInt(t.nonce) === nonce);
    if (tx) return { hash: tx.hash, block: n };
  }
  return undefined;
}

type Rpc = (method: string, params: unknown[]) => Promise<unknown>;

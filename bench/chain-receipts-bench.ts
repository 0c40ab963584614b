import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { jsonRpcCall, startAnvil, type AnvilHandle } from '@bridge/runtime';
import { freePort } from '../tools/dev/spawn-stack';
import { treeCpuSeconds } from './process-cpu';

/**
 * What the dev chain charges the payment tracker: anvil's CPU per receipt read with
 * eth_getBlockReceipts (the block scanner's one call per block), against reading the same block's
 * transaction hashes, for blocks of 50 to 400 transfers. Anvil builds each receipt from a copy of its
 * whole block, so a receipt costs more the fuller the block: at saturation the bench's 100 ms blocks
 * hold ~240 of the bridge's payments and the scan is part of anvil's CPU per approval — a cost the
 * bare floor (sign + send only) does not have (docs/performance.md, session 32). A real node's CPU is
 * not the bridge's; this measures the dev chain only. Plain ETH transfers: the cost is the copying,
 * not the receipt's logs.
 *   npm run bench:receipts
 */
const BLOCK_SIZES = [50, 100, 200, 400];
/** Enough calls per size for ~1 s of anvil's CPU: /proc counts it in 10 ms ticks. */
const RECEIPTS_READ_PER_SIZE = 25_000;
/** Anvil's first dev account (its well-known test key, funded at genesis). */
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

interface SizeResult {
  transfers: number;
  receiptUs: number;
  hashesUs: number;
}

/** CPU µs anvil has used so far. */
function cpuUs(anvil: AnvilHandle): number {
  return (treeCpuSeconds(anvil.process.pid!, () => 'anvil').anvil ?? 0) * 1e6;
}

/** Anvil's CPU µs per transaction of the block for `calls` repetitions of one call. */
async function perTransaction(anvil: AnvilHandle, transfers: number, calls: number, call: () => Promise<unknown>): Promise<number> {
  const before = cpuUs(anvil);
  for (let i = 0; i < calls; i++) await call();
  return Number(((cpuUs(anvil) - before) / calls / transfers).toFixed(1));
}

/** Mines one block of `transfers` signed transfers from nonce `nonce` on; returns its number (hex). */
async function mineBlockOf(anvil: AnvilHandle, wallet: Wallet, nonce: number, transfers: number): Promise<string> {
  const fees = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, chainId: 31337, type: 2 };
  const raw = await Promise.all(Array.from({ length: transfers }, (_, i) => wallet.signTransaction({ ...fees, to: RECIPIENT, value: 1n, nonce: nonce + i })));
  for (const tx of raw) await jsonRpcCall(anvil.url, 'eth_sendRawTransaction', [tx]);
  await jsonRpcCall(anvil.url, 'evm_mine');
  const block = (await jsonRpcCall(anvil.url, 'eth_getBlockByNumber', ['latest', false])) as { number: string; transactions: string[] };
  if (block.transactions.length !== transfers) throw new Error(`block ${block.number} holds ${block.transactions.length} transactions, not ${transfers}`);
  return block.number;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bridge-receipts-bench-'));
  // Interval mining an hour apart: transactions wait in the pool until evm_mine puts them in one block.
  const anvil = await startAnvil({ dataDir, port: await freePort(), persist: false, mining: { blockTimeSeconds: 3600 } });
  const results: SizeResult[] = [];
  try {
    const wallet = new Wallet(DEV_KEY);
    let nonce = 0;
    for (const transfers of BLOCK_SIZES) {
      const block = await mineBlockOf(anvil, wallet, nonce, transfers);
      nonce += transfers;
      const calls = Math.max(5, Math.round(RECEIPTS_READ_PER_SIZE / transfers));
      const receiptUs = await perTransaction(anvil, transfers, calls, () => jsonRpcCall(anvil.url, 'eth_getBlockReceipts', [block]));
      const hashesUs = await perTransaction(anvil, transfers, calls * 10, () => jsonRpcCall(anvil.url, 'eth_getBlockByNumber', [block, false]));
      results.push({ transfers, receiptUs, hashesUs });
      console.log(
        `block of ${String(transfers).padStart(3)} transfers: eth_getBlockReceipts ${receiptUs} µs of anvil's CPU per receipt; ` +
          `its transaction hashes (eth_getBlockByNumber) ${hashesUs} µs per transaction`,
      );
    }
  } finally {
    await anvil.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: 'chain-receipts', blocks: results, cores: cpus().length, node: process.version }));
}

main().catch((e: Error) => {
  console.error(e);
  process.exitCode = 1;
});

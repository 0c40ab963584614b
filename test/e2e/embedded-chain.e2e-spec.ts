import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnvil, type AnvilHandle } from '@bridge/runtime';
import { freePort } from './support/free-port';

/**
 * The embedded dev chain is started so its cost per block stays flat as it grows (embedded-anvil.ts):
 * no EIP-2935 history contract, whose storage anvil rehashes every block, and no per-block state
 * snapshots written to disk past the 128 it keeps in memory.
 */
jest.setTimeout(60_000);

/** EIP-2935's history storage contract (Prague). */
const HISTORY_STORAGE = '0x0000F90827F1C53a10cb7A02335B175320002935';
const OWNER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'; // anvil's first dev account

let dir: string;
let anvil: AnvilHandle;

const rpc = async (method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string } }> => {
  const res = await fetch(anvil.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await res.json()) as { result?: unknown; error?: { message: string } };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-chain-'));
  anvil = await startAnvil({ dataDir: dir, port: await freePort(), persist: false });
});

afterAll(async () => {
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('runs a hardfork without the EIP-2935 history contract', async () => {
  expect((await rpc('eth_getCode', [HISTORY_STORAGE, 'latest'])).result).toBe('0x');
});

it('answers reads at the last 128 blocks, keeps no older state and writes none to disk', async () => {
  await rpc('anvil_mine', ['0xc8']); // 200 blocks
  const head = BigInt((await rpc('eth_blockNumber', [])).result as string);
  const balanceAt = (block: bigint) => rpc('eth_getBalance', [OWNER, `0x${block.toString(16)}`]);
  expect((await balanceAt(head - 100n)).result).toMatch(/^0x[0-9a-f]+$/);
  expect((await balanceAt(head - 150n)).error?.message).toMatch(/BlockOutOfRange/);
  expect(readdirSync(join(dir, 'anvil')).filter((f) => f !== 'anvil.pid')).toEqual([]);
});

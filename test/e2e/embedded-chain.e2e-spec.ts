import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonRpcCall, startAnvil, type AnvilHandle } from '@bridge/runtime';
import { freePort, PORT_TAKEN } from './support/free-port';

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

const rpc = (method: string, params: unknown[]) => jsonRpcCall(anvil.url, method, params);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-chain-'));
  anvil = await startAnvil({ dataDir: dir, port: await freePort(), persist: false });
});

afterAll(async () => {
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('refuses a port that another node holds, before its own would start, in words the start retry knows', async () => {
  const port = await freePort();
  // Another project's dev chain on our port: it answers the readiness poll as anvil would.
  const foreign = createServer((_, res) => res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x7a69' })));
  await new Promise<void>((r) => foreign.listen(port, '127.0.0.1', r));
  const odir = mkdtempSync(join(tmpdir(), 'bridge-chain-taken-'));
  try {
    const start = startAnvil({ dataDir: odir, port, persist: false });
    await expect(start).rejects.toThrow(`anvil's port 127.0.0.1:${port} is taken by another process`);
    await expect(start).rejects.toThrow(PORT_TAKEN);
    expect(existsSync(join(odir, 'anvil', 'anvil.pid'))).toBe(false); // nothing spawned
  } finally {
    foreign.close();
    rmSync(odir, { recursive: true, force: true });
  }
});

it('runs a hardfork without the EIP-2935 history contract', async () => {
  expect(await rpc('eth_getCode', [HISTORY_STORAGE, 'latest'])).toBe('0x');
});

it('answers reads at the last 128 blocks, keeps no older state and writes none to disk', async () => {
  await rpc('anvil_mine', ['0xc8']); // 200 blocks
  const head = BigInt((await rpc('eth_blockNumber', [])) as string);
  const balanceAt = (block: bigint) => rpc('eth_getBalance', [OWNER, `0x${block.toString(16)}`]);
  expect(await balanceAt(head - 100n)).toMatch(/^0x[0-9a-f]+$/);
  await expect(balanceAt(head - 150n)).rejects.toThrow(/BlockOutOfRange/);
  expect(readdirSync(join(dir, 'anvil')).filter((f) => f !== 'anvil.pid')).toEqual([]);
});

describe('a persisted chain', () => {
  const SINK = '0x000000000000000000000000000000000000dEaD';
  const saver = { pollMs: 100, quietMs: 500, maxAgeMs: 60_000 };
  let pdir: string;
  let chain: AnvilHandle;
  const stateFile = () => join(pdir, 'anvil', 'state.json');
  const call = (method: string, params: unknown[]) => jsonRpcCall(chain.url, method, params);
  const pay = () => call('eth_sendTransaction', [{ from: OWNER, to: SINK, value: '0x1' }]);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    pdir = mkdtempSync(join(tmpdir(), 'bridge-chain-'));
    chain = await startAnvil({ dataDir: pdir, port: await freePort(), persist: true, stateSaver: saver });
  });

  afterAll(async () => {
    await chain?.stop();
    rmSync(pdir, { recursive: true, force: true });
  });

  it('is saved once quiet, not while busy nor again while idle, and survives a kill -9 of the node', async () => {
    for (let i = 0; i < 60; i++) {
      await pay();
      await sleep(100);
      expect(existsSync(stateFile())).toBe(false); // busy for 6 s: anvil's RPC is not stopped for a dump
    }
    const deadline = Date.now() + 5_000;
    while (!existsSync(stateFile()) && Date.now() < deadline) await sleep(50);
    const saved = statSync(stateFile()).mtimeMs;
    await sleep(1_000);
    expect(statSync(stateFile()).mtimeMs).toBe(saved); // idle: nothing new to save

    const port = Number(new URL(chain.url).port);
    chain.process.kill('SIGKILL'); // no exit dump: only what the saver wrote
    await new Promise((r) => chain.process.once('exit', r));
    chain = await startAnvil({ dataDir: pdir, port, persist: true, stateSaver: saver });
    expect(BigInt((await call('eth_getBalance', [SINK, 'latest'])) as string)).toBe(60n);
  });
});

describe('on-demand mining (`npm start`)', () => {
  const SINK = '0x000000000000000000000000000000000000bEEF';
  const pacing = { pollMs: 20, idlePollMs: 50, idleAfterMs: 500, minBlockMs: 200, queuedBlockMs: 600, queuedForMs: 2_500 };
  let odir: string;
  let chain: AnvilHandle;
  const call = (method: string, params: unknown[] = []) => jsonRpcCall(chain.url, method, params);
  const head = async () => BigInt((await call('eth_blockNumber')) as string);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const nonce = async () => BigInt((await call('eth_getTransactionCount', [OWNER, 'pending'])) as string);
  const pay = (n: bigint) => call('eth_sendTransaction', [{ from: OWNER, to: SINK, value: '0x1', nonce: `0x${n.toString(16)}` }]);

  beforeAll(async () => {
    odir = mkdtempSync(join(tmpdir(), 'bridge-chain-'));
    chain = await startAnvil({ dataDir: odir, port: await freePort(), persist: false, mining: 'on-demand', onDemand: pacing });
  });

  afterAll(async () => {
    await chain?.stop();
    rmSync(odir, { recursive: true, force: true });
  });

  it('makes no block while idle, and one soon after a transaction', async () => {
    const idle = await head();
    await sleep(800);
    expect(await head()).toBe(idle);
    const hash = await pay(await nonce());
    const sent = Date.now();
    while (!(await call('eth_getTransactionReceipt', [hash]))) await sleep(10);
    expect(Date.now() - sent).toBeLessThan(500);
    expect(await head()).toBe(idle + 1n);
  });

  it('mines a burst from one sender in a few blocks, not a block per transaction (automine would make 40)', async () => {
    const first = await nonce();
    const start = await head();
    const hashes = await Promise.all(Array.from({ length: 40 }, (_, i) => pay(first + BigInt(i))));
    const deadline = Date.now() + 10_000;
    while ((await nonce()) > BigInt((await call('eth_getTransactionCount', [OWNER, 'latest'])) as string) && Date.now() < deadline) await sleep(50);
    const receipts = (await Promise.all(hashes.map((h) => call('eth_getTransactionReceipt', [h])))) as { blockNumber: string }[];
    expect(receipts.every((r) => r !== null)).toBe(true);
    const blocks = new Set(receipts.map((r) => r.blockNumber));
    expect(blocks.size).toBeLessThan(hashes.length);
    expect(BigInt(Math.max(...[...blocks].map(Number)))).toBeGreaterThan(start);
  });

  it('makes (empty) blocks while the pool holds only a transaction it cannot mine yet — the parked watch needs them —, for queuedForMs at most, and none once it is gone', async () => {
    await sleep(pacing.idleAfterMs);
    const gap = (await nonce()) + 1n; // its predecessor never comes: queued, not pending
    await pay(gap);
    const sent = Date.now();
    const before = await head();
    await sleep(pacing.queuedBlockMs * 3);
    expect(await head()).toBeGreaterThanOrEqual(before + 2n);
    await sleep(pacing.queuedForMs + 500 - (Date.now() - sent)); // past the limit: a gap nobody fills costs no more blocks
    const stopped = await head();
    await sleep(pacing.queuedBlockMs * 2);
    expect(await head()).toBe(stopped);
    await pay(gap - 1n); // the gap filled: both mined, then quiet
    await sleep(pacing.minBlockMs * 3);
    expect(BigInt((await call('eth_getTransactionCount', [OWNER, 'latest'])) as string)).toBe(gap + 1n);
    const after = await head();
    await sleep(pacing.queuedBlockMs * 2);
    expect(await head()).toBe(after);
  });
});

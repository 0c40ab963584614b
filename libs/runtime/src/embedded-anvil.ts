import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnvilOnDemandMiner, ON_DEMAND_MINING_DEFAULTS, type OnDemandMiningOptions } from './anvil-on-demand-miner';
import { AnvilStateSaver, STATE_SAVER_DEFAULTS, type StateSaverOptions } from './anvil-state-saver';
import { jsonRpcCall } from './json-rpc-call';
import { killStaleProcess } from './kill-stale-process';
import { assertPortFree } from './port-is-free';

export interface AnvilHandle {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface AnvilOptions {
  dataDir: string;
  port: number;
  /** Keep the chain across restarts (written on exit, and while quiet: AnvilStateSaver). */
  persist: boolean;
  /** When persisting: how the running chain is saved (tests shorten the waits). */
  stateSaver?: Partial<StateSaverOptions>;
  /** Default `auto`. */
  mining?: AnvilMining;
  /** With `on-demand` mining: its pacing (tests shorten it). */
  onDemand?: Partial<OnDemandMiningOptions>;
  log?: (line: string) => void;
}

/**
 * `auto`: a block per transaction, at once (anvil's automine; stalls under concurrent load, see
 * AnvilOnDemandMiner). `on-demand`: a block when transactions wait, at most every 100 ms, none while
 * idle. `{ blockTimeSeconds }`: a block every so often, empty or not (anvil's interval mining).
 */
export type AnvilMining = 'auto' | 'on-demand' | { readonly blockTimeSeconds: number };

/**
 * Keeps anvil's cost per block flat as the chain grows (docs/performance.md "Session 14"). Anvil
 * recomputes the state root over every storage slot each block: from Prague on, EIP-2935 fills a
 * history contract with up to 8,191 block hashes, so every block rehashes a growing storage — idle at
 * 10 blocks/s it went from 0.6 % to 21 % of a core by block 10,000, automine's cost per transfer from
 * 0.49 to 1.8 ms by block 4,000. Cancun has no such contract, and the bridge needs nothing newer
 * (EIP-1559 fees, EIP-20 calls). Anvil also serialises each block's state, past the ones it keeps in
 * memory, to disk as JSON; `--prune-history 128` keeps 128 (our funds reads name the block they have
 * just read) and writes none. With both: ~0.3 ms per transfer, flat through block 9,000.
 */
const STEADY_COST_ARGS = ['--hardfork', 'cancun', '--prune-history', '128'];

/** The anvil binary shipped inside @foundry-rs/anvil's platform package. */
export function anvilBinary(): string {
  return require.resolve('@foundry-rs/anvil-linux-amd64/bin/anvil');
}

/** Starts a local EVM dev chain (chain id 31337, EIP-1559), mining as `options.mining` says. */
export async function startAnvil(options: AnvilOptions): Promise<AnvilHandle> {
  const dir = join(options.dataDir, 'anvil');
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'anvil.pid');
  await killStaleProcess(pidFile, anvilBinary());
  await assertPortFree(options.port, 'anvil', 'ANVIL_PORT');
  const args = ['--host', '127.0.0.1', '--port', String(options.port), '--silent', ...STEADY_COST_ARGS];
  const stateFile = join(dir, 'state.json');
  if (options.persist) args.push('--state', stateFile);
  const mining = options.mining ?? 'auto';
  if (mining === 'on-demand') args.push('--no-mining');
  else if (mining !== 'auto') args.push('--block-time', String(mining.blockTimeSeconds));
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const said: string[] = []; // the start's last words, for the error if anvil exits before it answers
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString().trim();
    said.push(text);
    if (said.length > 5) said.shift();
    options.log?.(text);
  });
  writeFileSync(pidFile, String(child.pid));
  const url = `http://127.0.0.1:${options.port}`;
  await waitForRpc(url, child, said);
  const saver = options.persist ? new AnvilStateSaver(url, stateFile, { ...STATE_SAVER_DEFAULTS, log: options.log, ...options.stateSaver }) : undefined;
  await saver?.start().catch((e: unknown) => {
    child.kill('SIGINT');
    throw e;
  });
  const miner = mining === 'on-demand' ? new AnvilOnDemandMiner(url, { ...ON_DEMAND_MINING_DEFAULTS, log: options.log, ...options.onDemand }) : undefined;
  miner?.start();
  child.once('exit', () => void Promise.all([saver?.stop(), miner?.stop()])); // a node that died has nothing more to save or mine
  return {
    url,
    process: child,
    stop: async () => {
      await miner?.stop();
      await saver?.stop();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(pidFile, { force: true });
    },
  };
}

/**
 * Polls until anvil answers, and fails as soon as it exits: whatever holds its port may accept the
 * poll and never answer it, and the error should be anvil's own words, not a timeout.
 */
async function waitForRpc(url: string, child: ChildProcess, said: readonly string[], timeoutMs = 15_000): Promise<void> {
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<'exited'>((r) => (gone() ? r('exited') : child.once('exit', () => r('exited'))));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await Promise.race([jsonRpcCall(url, 'eth_chainId').catch(() => 'not listening yet'), exited]);
    if (answer === 'exited') {
      await new Promise((r) => setImmediate(r)); // its last stderr chunk
      const how = child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode;
      throw new Error(`anvil exited with ${how}: ${said.join(' ') || 'nothing on stderr'}`);
    }
    if (answer !== 'not listening yet') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('anvil did not answer eth_chainId in time');
}

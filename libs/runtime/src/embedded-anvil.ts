import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killStaleProcess } from './kill-stale-process';

export interface AnvilHandle {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface AnvilOptions {
  dataDir: string;
  port: number;
  /** Keep the chain across restarts (dumped on exit and every few seconds). */
  persist: boolean;
  blockTimeSeconds?: number;
  log?: (line: string) => void;
}

/** The anvil binary shipped inside @foundry-rs/anvil's platform package. */
export function anvilBinary(): string {
  return require.resolve('@foundry-rs/anvil-linux-amd64/bin/anvil');
}

/** Starts a local EVM dev chain (chain id 31337, EIP-1559, automine unless a block time is set). */
export async function startAnvil(options: AnvilOptions): Promise<AnvilHandle> {
  const dir = join(options.dataDir, 'anvil');
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'anvil.pid');
  await killStaleProcess(pidFile);
  const args = ['--host', '127.0.0.1', '--port', String(options.port), '--silent'];
  if (options.persist) args.push('--state', join(dir, 'state.json'), '--state-interval', '5');
  if (options.blockTimeSeconds) args.push('--block-time', String(options.blockTimeSeconds));
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => options.log?.(d.toString().trim()));
  writeFileSync(pidFile, String(child.pid));
  const url = `http://127.0.0.1:${options.port}`;
  await waitForRpc(url, child);
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(pidFile, { force: true });
    },
  };
}

async function waitForRpc(url: string, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited with code ${child.exitCode} (port in use?)`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('anvil did not answer eth_chainId in time');
}

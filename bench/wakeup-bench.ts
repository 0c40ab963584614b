import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { timerWakeupCpuUs } from './timer-wakeup-cpu';

/**
 * What one event costs this machine, apart from any work: the CPU of an idle event loop's timer
 * wake-up, and of a loopback TCP round trip between two Node.js processes (300 bytes each way, the
 * size of an ISO 8583 authorization) — paced at 200/s, where both sides sleep between messages as the
 * bridge's processes do at 200 authorizations/s, and back to back, where neither sleeps. An
 * authorization crosses ~6 such hops (harness → authorizer → adapter, PostgreSQL ×3, the node); where
 * a paced round trip costs hundreds of µs, 200/s keeps a 2-core machine busy on wake-ups alone.
 *   npm run bench:wakeup
 */
const PACED_MS = 5;
const PACED_COUNT = 1_000;
const BACK_TO_BACK_COUNT = 20_000;
const SIZE = 300;

interface RoundTrips {
  /** Client and echo CPU per round trip, µs. */
  clientCpuUs: number;
  echoCpuUs: number;
  wallUs: number;
}

function echo(): void {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  let mark = process.cpuUsage();
  process.on('message', (m: string) => {
    if (m === 'mark') {
      mark = process.cpuUsage();
      process.send!({ marked: true });
    }
    if (m === 'read') {
      const u = process.cpuUsage(mark);
      process.send!({ cpuUs: u.user + u.system });
    }
  });
}

function ask<T>(child: ReturnType<typeof fork>, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

async function roundTrips(child: ReturnType<typeof fork>, socket: Socket, count: number, pauseMs: number): Promise<RoundTrips> {
  const message = Buffer.alloc(SIZE, 0x30);
  const reply = (): Promise<void> =>
    new Promise((resolve) => {
      let got = 0;
      const onData = (chunk: Buffer) => {
        got += chunk.length;
        if (got < SIZE) return;
        socket.off('data', onData);
        resolve();
      };
      socket.on('data', onData);
      socket.write(message);
    });
  await ask(child, 'mark'); // the echo's CPU counts from here
  const before = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await reply();
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  const wallUs = ((performance.now() - started) * 1000) / count;
  const used = process.cpuUsage(before);
  const { cpuUs } = await ask<{ cpuUs: number }>(child, 'read');
  const per = (us: number) => Number((us / count).toFixed(1));
  return { clientCpuUs: per(used.user + used.system), echoCpuUs: per(cpuUs), wallUs: Number(wallUs.toFixed(1)) };
}

async function main(): Promise<void> {
  const timerUs = await timerWakeupCpuUs(5_000);
  console.log(`idle event loop, 5 ms timer: ${timerUs} µs of CPU per wake-up`);
  const child = fork(__filename, ['echo']);
  try {
    const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as { port: number })));
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((r) => socket.once('connect', r));
    await roundTrips(child, socket, 2_000, 0); // warm-up: JIT, socket buffers
    const paced = await roundTrips(child, socket, PACED_COUNT, PACED_MS);
    console.log(`loopback round trip at ${1000 / PACED_MS}/s: ${paced.clientCpuUs} + ${paced.echoCpuUs} µs of CPU (client + echo)`);
    const busy = await roundTrips(child, socket, BACK_TO_BACK_COUNT, 0);
    console.log(`loopback round trip back to back: ${busy.clientCpuUs} + ${busy.echoCpuUs} µs of CPU (client + echo), ${busy.wallUs} µs each`);
    socket.destroy();
    console.log(
      JSON.stringify({
        bench: 'wakeup',
        timerWakeupCpuUs: timerUs,
        pacedRoundTripCpuUs: Number((paced.clientCpuUs + paced.echoCpuUs).toFixed(1)),
        backToBackRoundTripCpuUs: Number((busy.clientCpuUs + busy.echoCpuUs).toFixed(1)),
        backToBackRoundTripUs: busy.wallUs,
        cores: cpus().length,
        node: process.version,
      }),
    );
  } finally {
    child.kill();
  }
}

if (process.argv[2] === 'echo') echo();
else
  main().catch((e: Error) => {
    console.error(e);
    process.exit(1);
  });

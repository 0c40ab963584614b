import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killStaleProcess } from './kill-stale-process';
import { processAlive } from './process-alive';
import { processCommandLine } from './process-command-line';

/** A real process whose command line holds `marker`; with ignoreSigint it outlives SIGINT. */
function sleeper(marker: string, ignoreSigint = false): Promise<ChildProcess> {
  const code = `${ignoreSigint ? "process.on('SIGINT', () => {});" : ''} setInterval(() => {}, 1000); console.log('up')`;
  const child = spawn(process.execPath, ['-e', code, marker], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

describe('killStaleProcess', () => {
  let dir: string;
  let pidFile: string;
  const started: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stale-'));
    pidFile = join(dir, 'app.pid');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => started.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

  it('stops the process its pid file names when the command line says it is ours', async () => {
    const child = await sleeper('/data/anvil-ours');
    started.push(child);
    writeFileSync(pidFile, `${child.pid}\n`);
    expect(processCommandLine(child.pid!)).toContain('/data/anvil-ours');
    expect(await killStaleProcess(pidFile, '/data/anvil-ours')).toBe(true);
    expect(processAlive(child.pid!)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('leaves a process that took a stale pid (after a reboot) alone, and removes the pid file', async () => {
    const other = await sleeper('someone-elses-program');
    started.push(other);
    writeFileSync(pidFile, String(other.pid));
    expect(await killStaleProcess(pidFile, '/data/anvil-ours')).toBe(false);
    expect(processAlive(other.pid!)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('kills one that ignores SIGINT once the wait is over', async () => {
    const child = await sleeper('/data/stubborn', true);
    started.push(child);
    writeFileSync(pidFile, String(child.pid));
    expect(await killStaleProcess(pidFile, '/data/stubborn', 300)).toBe(true);
    expect(processAlive(child.pid!)).toBe(false);
  });

  it('removes a pid file whose process is gone, or that holds no pid', async () => {
    const child = await sleeper('/data/gone');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    writeFileSync(pidFile, String(child.pid));
    expect(await killStaleProcess(pidFile, '/data/gone')).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
    writeFileSync(pidFile, 'garbage');
    expect(await killStaleProcess(pidFile, 'x')).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });
});

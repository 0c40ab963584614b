import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeRunnerLock } from '../../tools/dev/runner-lock';

describe('takeRunnerLock', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  // A process that looks like a runner to /proc (its command line names dev/start) or like anything else.
  const idle = async (...args: string[]): Promise<number> => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', ...args], { stdio: 'ignore' });
    children.push(child);
    await new Promise((r) => child.once('spawn', r));
    return child.pid!;
  };
  const pidFile = () => join(dir, 'runner.pid');

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'runner-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('writes its pid, and removes the file on release', () => {
    const lock = takeRunnerLock(join(dir, 'new')); // the folder is made if missing
    expect(readFileSync(join(dir, 'new', 'runner.pid'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(join(dir, 'new', 'runner.pid'))).toBe(false);
  });

  it('refuses while another runner holds the folder, naming the folder and its pid', async () => {
    const pid = await idle(join('dist', 'tools', 'dev', 'start.js'));
    writeFileSync(pidFile(), String(pid));
    expect(() => takeRunnerLock(dir)).toThrow(`a bridge is already running on ${dir} (runner pid ${pid}): stop it first`);
    expect(readFileSync(pidFile(), 'utf8')).toBe(String(pid)); // left to its owner
  });

  it('takes over a file whose runner is gone (kill -9, a reboot)', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.once('exit', r));
    writeFileSync(pidFile(), String(child.pid));
    takeRunnerLock(dir);
    expect(readFileSync(pidFile(), 'utf8')).toBe(String(process.pid));
  });

  it('takes over a file whose pid now belongs to another program', async () => {
    writeFileSync(pidFile(), String(await idle()));
    takeRunnerLock(dir);
    expect(readFileSync(pidFile(), 'utf8')).toBe(String(process.pid));
  });

  it('does not remove on release a file that another runner has taken since', () => {
    const lock = takeRunnerLock(dir);
    writeFileSync(pidFile(), '12345');
    lock.release();
    expect(readFileSync(pidFile(), 'utf8')).toBe('12345');
  });
});

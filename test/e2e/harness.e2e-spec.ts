import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@bridge/runtime';
import { runLoad } from '../../tools/harness/load-generator';
import { startTestStack, type TestStack } from './support/test-stack';

jest.setTimeout(120_000);

const run = promisify(execFile);
let stack: TestStack;
let dir: string;

/** The harness as users run it: the built CLI, its exit code and its output. */
async function harness(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(repoRoot(), 'dist', 'tools', 'harness', 'main.js'), ...args, '--port', String(stack.isoPort)], {
      env: { ...process.env, HARNESS_JOURNAL: join(dir, 'journal.json') },
    });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: err.stdout };
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  dir = mkdtempSync(join(tmpdir(), 'harness-'));
});

afterAll(async () => {
  await stack?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

describe('harness CLI against the real bridge', () => {
  it('runs every shipped scenario (each DE39 path) with exit code 0', async () => {
    const scenarios = ['approve-and-repeat', 'declines', 'reversals-and-advices'].map((s) => join(repoRoot(), 'tools', 'harness', 'scenarios', `${s}.yaml`));
    const { code, out } = await harness('run', ...scenarios, '--json');
    const report = JSON.parse(out) as { failed: number; report: { results: { ok: boolean }[] }[] };
    expect(report.failed).toBe(0);
    expect(report.report.flatMap((r) => r.results)).toHaveLength(25);
    expect(code).toBe(0);
  });

  it('exits non-zero when a step does not get its expected DE39', async () => {
    const path = join(dir, 'wrong.json');
    writeFileSync(path, JSON.stringify({ name: 'wrong on purpose', steps: [{ send: 'auth', with: { pan: '4000000000000002' }, expect: '00' }] }));
    const { code, out } = await harness('run', path);
    expect(code).toBe(1);
    expect(out).toContain('expected 00, got 14');
    expect(out).toContain('(Invalid card number; expected: Approved)');
  });

  it('auth, then repeat and reverse of it by STAN; echo and sign-on', async () => {
    const auth = await harness('auth', '--stan', '424242', '--amount', '3.21', '--currency', '840', '--json');
    expect(auth.code).toBe(0);
    const answer = JSON.parse(auth.out) as { response: Record<string, string>; de48: Record<string, string> };
    expect(answer.response.pan).toBe('476173******0119');
    expect(answer.de48['04']).toBe('3210000');
    expect(JSON.parse((await harness('repeat', '--of-stan', '424242', '--json')).out).response.approvalCode).toBe(answer.response.approvalCode);
    expect(JSON.parse((await harness('reverse', '--of-stan', '424242', '--json')).out).response.responseCode).toBe('00');
    const echo = await harness('echo');
    expect(echo.code).toBe(0);
    expect(echo.out).toMatch(/^DE70\s+networkManagementCode\s+301\s+echo test$/m);
    expect((await harness('signon')).code).toBe(0);
  });

  it('auth without --json: a table by DE number, PAN truncated, DE4 in its currency, DE39 and DE48 in words', async () => {
    const { code, out } = await harness('auth', '--stan', '434343', '--amount', '1.05', '--currency', 'USD');
    expect(code).toBe(0);
    expect(out).toMatch(/^MTI\s+0110\s+authorization request response$/m);
    expect(out).toMatch(/^DE2\s+pan\s+476173\*{6}0119$/m);
    expect(out).not.toContain('4761739001010119');
    expect(out).toMatch(/^DE4\s+amountTransaction\s+000000000105\s+1\.05 USD$/m);
    expect(out).toMatch(/^DE39\s+responseCode\s+00\s+Approved$/m);
    expect(out).toMatch(/^\s+04\s+1050000\s+crypto amount \(token base units\)$/m);
    expect(out).toMatch(/^round trip [0-9.]+ ms$/m);
  });

  it('load: closed loop over several connections, every STAN answered, an HDR summary', async () => {
    const { code, out } = await harness('load', '--connections', '3', '--concurrency', '12', '--count', '60', '--json');
    const report = JSON.parse(out) as {
      completed: number;
      byDe39: Record<string, number>;
      errors: number;
      timeouts: number;
      latencyMs: { p50: number; p99: number; max: number };
    };
    expect(code).toBe(0);
    expect(report).toMatchObject({ completed: 60, byDe39: { '00': 60 }, errors: 0, timeouts: 0 });
    expect(report.latencyMs.p50).toBeGreaterThan(0);
    expect(report.latencyMs.max).toBeGreaterThanOrEqual(report.latencyMs.p99);
    const human = await harness('load', '--connections', '2', '--concurrency', '4', '--count', '20');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^closed loop, 4 in flight: 20 answered of 20 in [0-9.]+ s$/m);
    expect(human.out).toMatch(/^DE39 00 {2}20 {2}Approved$/m);
    expect(human.out).toMatch(/^latency ms \(HDR histogram\)\n(\s+p[0-9.]+\s+[0-9.]+\s+█+\n){7}\s+max\s+[0-9.]+\s+█{40}\n\s+mean\s+[0-9.]+$/m);
  });

  it('load, open loop: returns once every request in flight is answered, each answer reported with its scheduled send time', async () => {
    const answers: { scheduledAt: number; latencyMs: number; de39: string }[] = [];
    const report = await runLoad(
      { host: '127.0.0.1', port: stack.isoPort, framing: 'binary2', timeoutMs: 10_000, json: true },
      {
        connections: 2,
        rate: 1_000, // 1 ms apart: most are still in flight when the last is sent
        count: 30,
        cards: [{ pan: '4761739001010119', expiry: '3012' }],
        merchants: ['CRYPTOMERCH0001'],
        amount: '0.01',
        acquirerId: '123456',
        onAnswer: (scheduledAt, latencyMs, de39) => answers.push({ scheduledAt, latencyMs, de39 }),
      },
    );
    expect(report).toMatchObject({ mode: 'open', sent: 30, completed: 30, byDe39: { '00': 30 }, errors: 0, timeouts: 0 });
    expect(answers).toHaveLength(30);
    expect(answers.every((a) => a.de39 === '00' && a.latencyMs > 0)).toBe(true);
    // Scheduled 1 ms apart: 30 distinct send times spanning 29 ms, whatever order the answers came in.
    const sentAt = answers.map((a) => a.scheduledAt).sort((a, b) => a - b);
    expect(new Set(sentAt).size).toBe(30);
    expect(sentAt[29] - sentAt[0]).toBeCloseTo(29, 3);
  });

  it('--help on every command', async () => {
    for (const command of ['auth', 'echo', 'signon', 'signoff', 'reverse', 'repeat', 'run', 'load']) {
      const { code, out } = await harness(command, '--help');
      expect([command, code]).toEqual([command, 0]);
      expect(out).toContain(`harness -- ${command}`);
    }
  });
});

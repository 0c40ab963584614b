import { loadCommand } from '../../tools/harness/commands/load-command';

// Port 1: nothing listens there, so an option that passed its check would fail on connect instead.
const load = (...args: string[]) => loadCommand(['--port', '1', ...args]);

describe('harness load: options are checked before anything is sent', () => {
  it.each([
    [['--rate', '0'], '--rate must be a positive number, not "0"'],
    [['--rate', 'abc'], '--rate must be a positive number, not "abc"'],
    [['--concurrency', '0'], '--concurrency must be a positive integer, not "0"'],
    [['--concurrency', '2.5'], '--concurrency must be a positive integer, not "2.5"'],
    [['--connections', '0', '--rate', '5'], '--connections must be a positive integer, not "0"'],
    [['--count', ''], '--count must be a positive integer, not ""'],
    [['--duration=-1'], '--duration must be a positive number, not "-1"'],
    [['--rate', '5', '--concurrency', '4'], '--rate (open loop) or --concurrency (closed loop), not both'],
    [['--duration', '5', '--count', '10'], '--duration or --count, not both'],
    [['--timeout', 'soon'], '--timeout must be a positive integer, not "soon"'],
  ])('%j is refused: %s', async (args, message) => {
    await expect(load(...args)).rejects.toThrow(message);
  });

  it('valid options get as far as connecting', async () => {
    await expect(load('--rate', '5', '--duration', '0.1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('--port outside 1–65535 is refused', async () => {
    await expect(loadCommand(['--port', '70000'])).rejects.toThrow('--port must be a positive integer up to 65535, not "70000"');
  });
});

import { spawn } from 'node:child_process';
import { processState } from '@bridge/runtime';
import { treeCpuSeconds } from '../../bench/process-cpu';

describe('treeCpuSeconds', () => {
  // A zombie's cmdline is empty: named by it, a PostgreSQL backend between its exit and the postmaster's
  // wait was counted as the runner, whose CPU then went negative when the zombie was reaped.
  it('names an exited, unreaped child by its process name', async () => {
    // `sleep 0` exits at once; the shell then becomes `sleep 2`, which never waits for it: a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & exec sleep 2'], { stdio: 'ignore' });
    try {
      const seen = new Map<number, string>();
      const deadline = Date.now() + 1_500;
      let zombie: number | undefined;
      while (zombie === undefined && Date.now() < deadline) {
        treeCpuSeconds(parent.pid!, (pid, command) => (seen.set(pid, command), 'x'));
        zombie = [...seen.keys()].find((pid) => pid !== parent.pid && processState(pid) === 'Z');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(zombie).toBeDefined();
      // Read again now that it is a zombie: the pass that found it may have read its cmdline while it still ran.
      treeCpuSeconds(parent.pid!, (pid, command) => (seen.set(pid, command), 'x'));
      expect(seen.get(zombie!)).toBe('sleep');
    } finally {
      parent.kill();
    }
  });
});

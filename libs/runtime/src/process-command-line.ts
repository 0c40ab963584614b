import { existsSync, readFileSync } from 'node:fs';

/** The command line a running process was started with, its arguments joined by spaces (Linux /proc); undefined if unknown. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/**
 * Whether the process a pid file names is still the one we started: its command line holds `marker`
 * (the binary, data folder or script it was started with). After a reboot the same pid may belong to
 * another program. Where there is no /proc (not Linux) the pid file is all there is to go by: true.
 */
export function processStartedWith(pid: number, marker: string): boolean {
  if (!existsSync('/proc/self')) return true;
  return processCommandLine(pid)?.includes(marker) ?? false;
}

/**
 * The state letter of a process (/proc/PID/stat's third field: R, S, D, Z…), or undefined once it is
 * gone or where there is no /proc. A zombie (Z) has exited and waits to be reaped: it runs nothing and
 * its cmdline is empty, though signal 0 still finds it.
 */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0];
  } catch {
    return undefined;
  }
}

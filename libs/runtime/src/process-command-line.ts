import { readFileSync } from 'node:fs';

/** The command line a running process was started with, its arguments joined by spaces (Linux /proc); undefined if unknown. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

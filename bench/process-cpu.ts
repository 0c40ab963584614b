import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU seconds (user + system, all threads, reaped children included) used so far by each process of a tree, grouped by
 * `nameOf(pid, command)`: where the cores go per authorization, which throughput alone does not show
 * (on 2 cores every process of the stack competes with every other). Linux /proc only; elsewhere empty.
 */
export function treeCpuSeconds(rootPid: number, nameOf: (pid: number, command: string) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, command, ticks } of tree(rootPid)) {
    const name = nameOf(pid, command);
    out[name] = (out[name] ?? 0) + ticks / USER_HZ;
  }
  return out;
}

interface ProcStat {
  pid: number;
  ppid: number;
  command: string;
  ticks: number;
}

function tree(rootPid: number): ProcStat[] {
  let all: ProcStat[];
  try {
    all = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((d) => stat(Number(d)))
      .filter((s): s is ProcStat => s !== undefined);
  } catch {
    return [];
  }
  const inTree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of all) if (!inTree.has(s.pid) && inTree.has(s.ppid)) grew = inTree.add(s.pid) !== undefined;
  }
  return all.filter((s) => inTree.has(s.pid));
}

function stat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    // Own time plus that of children it has reaped (cutime, cstime): PostgreSQL's backends and
    // autovacuum workers come and go, and their time must not vanish with them.
    return { pid, ppid: Number(f[1]), command, ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

/**
 * A reader of the CPU seconds so far of a spawned stack's processes — each app by name, PostgreSQL and
 * anvil by command, anything else as the runner — and of this process, the load generator.
 */
export function stackCpuSeconds(stack: { readonly pid: number; readonly ready: { readonly pids: Record<string, number> } }): () => Record<string, number> {
  const appOf = new Map(Object.entries(stack.ready.pids).map(([name, pid]) => [pid, name]));
  const nameOf = (pid: number, command: string) => appOf.get(pid) ?? (/postgres/.test(command) ? 'postgres' : /anvil/.test(command) ? 'anvil' : 'runner');
  return () => {
    const self = process.cpuUsage();
    return { ...treeCpuSeconds(stack.pid, nameOf), 'load generator': (self.user + self.system) / 1e6 };
  };
}

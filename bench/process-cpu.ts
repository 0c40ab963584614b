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
    // A process that has exited but is not yet reaped (a zombie: a PostgreSQL backend or autovacuum worker
    // between its exit and the postmaster's wait) has an empty cmdline; its name (field 2) remains. Named by
    // the empty cmdline it fell to the runner, whose CPU then went negative once the zombie was reaped into
    // the postmaster's cutime ("runner": -24 µs per approval in a bench:e2e step, session 33).
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') || text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    // Own time plus that of children it has reaped (cutime, cstime): PostgreSQL's backends and
    // autovacuum workers come and go, and their time must not vanish with them.
    return { pid, ppid: Number(f[1]), command, ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

interface Stack {
  readonly pid: number;
  readonly ready: { readonly pids: Record<string, number> };
}

/** Each app by name, PostgreSQL and anvil by command, anything else as the runner. */
function stackNames(stack: Stack): (pid: number, command: string) => string {
  const appOf = new Map(Object.entries(stack.ready.pids).map(([name, pid]) => [pid, name]));
  return (pid, command) => appOf.get(pid) ?? (/postgres/.test(command) ? 'postgres' : /anvil/.test(command) ? 'anvil' : 'runner');
}

/**
 * CPU seconds the whole machine has been busy (every process and the kernel: user, nice, system, irq,
 * softirq, steal of /proc/stat's first line), or 0 where there is no /proc/stat. Beside the stack's own
 * figures it shows what else the cores were doing, and whether the machine itself was busy or idle in a
 * slow window (docs/performance.md, session 29).
 */
export function machineBusySeconds(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0)) / USER_HZ;
  } catch {
    return 0;
  }
}

/** A reader of the CPU seconds so far of a spawned stack's processes and of this process, the load generator. */
export function stackCpuSeconds(stack: Stack): () => Record<string, number> {
  const nameOf = stackNames(stack);
  return () => {
    const self = process.cpuUsage();
    return { ...treeCpuSeconds(stack.pid, nameOf), 'load generator': (self.user + self.system) / 1e6 };
  };
}

/** One process's context switches so far (all threads), under its name in the stack. */
export interface ProcessSwitches {
  readonly name: string;
  readonly voluntary: number;
  readonly involuntary: number;
}

/** Every process's switches at one moment, by pid. */
export type SwitchesReading = ReadonlyMap<number, ProcessSwitches>;

/**
 * A reader of the context switches so far of a spawned stack's processes and of this process, by pid:
 * voluntary ones are wake-ups (the process slept waiting for a socket or a timer), involuntary ones
 * preemptions (another process woke on its core). Where each event costs the machine hundreds of µs,
 * their count per authorization explains the CPU at 200/s better than the work does
 * (docs/performance.md, session 24). Linux /proc only; elsewhere empty.
 */
export function stackSwitches(stack: Stack): () => SwitchesReading {
  const nameOf = stackNames(stack);
  return () => {
    const out = new Map<number, ProcessSwitches>();
    const add = (pid: number, name: string) => {
      const s = switches(pid);
      if (s) out.set(pid, { name, ...s }); // gone between the listing and the read: exited, as above
    };
    for (const { pid, command } of tree(stack.pid)) add(pid, nameOf(pid, command));
    add(process.pid, 'load generator');
    return out;
  };
}

/**
 * Switches by name between two readings, [voluntary, involuntary], taken process by process: a process
 * that started meanwhile counts from zero, one that exited meanwhile (a PostgreSQL backend the pool
 * closed when idle, an autovacuum worker) is left out, since /proc keeps no count of a reaped child's
 * switches. Summed by name instead, an exit made PostgreSQL's figure negative (-2.36 in session 26's
 * first run). `exited` names the processes left out, so an undercount says so.
 */
export function switchesBetween(before: SwitchesReading, after: SwitchesReading): { byName: Record<string, [number, number]>; exited: Record<string, number> } {
  const byName: Record<string, [number, number]> = {};
  for (const [pid, a] of after) {
    const b = before.get(pid);
    const same = b?.name === a.name; // a pid reused by another kind of process counts from zero
    const s = (byName[a.name] ??= [0, 0]);
    s[0] += a.voluntary - (same ? b.voluntary : 0);
    s[1] += a.involuntary - (same ? b.involuntary : 0);
  }
  const exited: Record<string, number> = {};
  for (const [pid, b] of before) if (after.get(pid)?.name !== b.name) exited[b.name] = (exited[b.name] ?? 0) + 1;
  return { byName, exited };
}

/** `switchesBetween`, per authorization. */
export function switchesPerAuthorization(
  before: SwitchesReading,
  after: SwitchesReading,
  authorizations: number,
): { perAuthorization: Record<string, [number, number]>; exited: Record<string, number> } {
  const { byName, exited } = switchesBetween(before, after);
  const per = (n: number) => Number((n / Math.max(1, authorizations)).toFixed(2));
  const perAuthorization = Object.fromEntries(Object.entries(byName).map(([name, [v, i]]) => [name, [per(v), per(i)] as [number, number]]));
  return { perAuthorization, exited };
}

function switches(pid: number): { voluntary: number; involuntary: number } | undefined {
  const sum = { voluntary: 0, involuntary: 0 };
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
      sum.voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      sum.involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    }
  } catch {
    return undefined; // exited meanwhile
  }
  return sum;
}

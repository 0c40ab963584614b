import { fork } from 'node:child_process';

/** A probe running in a child process of its own: it reports once, when stopped. */
export interface ForkedProbe<T> {
  stop(): Promise<T>;
}

/**
 * Forks `file` with `args` and waits for its first message (it has started). A probe that times
 * something runs apart from the bench's own thread, which is the load generator: that thread's pauses
 * would count as what is being timed. `stop` sends 'stop' and resolves with the probe's report.
 */
export async function startForkedProbe<T>(name: string, file: string, args: readonly string[]): Promise<ForkedProbe<T>> {
  const child = fork(file, [...args]);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', (report: T) => resolve(report));
        child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before its report`)));
        child.send('stop');
      }),
  };
}

import type { Writable } from 'node:stream';

const corked = new WeakSet<Writable>();

/**
 * Holds a stream's writes until the current tick's work is done, then sends them as one writev — the
 * cork/uncork idiom of Node's stream docs. Answers, requests and events finish in bursts (a batch's
 * statement returns, its authorizations answer in the same tick), and each write(2) on this VM costs
 * ~10–20 µs of CPU plus a wake-up of the reader: a burst of N messages to one peer becomes one syscall.
 * Nothing waits for a timer: the data leaves before the event loop polls again.
 */
export function corkForTick(stream: Writable): void {
  if (corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}

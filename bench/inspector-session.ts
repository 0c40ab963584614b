import WebSocket from 'ws';
import { portIsFree } from '@bridge/runtime';

/** Node's inspector port when SIGUSR1 opens it in a process started without --inspect. */
const INSPECTOR_PORT = 9229;
const OPEN_TIMEOUT_MS = 5_000;

/**
 * The DevTools protocol of another running Node.js process, opened from outside: SIGUSR1 makes Node
 * start its inspector on 127.0.0.1:9229 (Node's docs, "Debugging guide"), so the app under test runs
 * exactly as started, with no flag or environment variable of the bench's. Loopback only.
 */
export class InspectorSession {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => this.pending.forEach((p) => p.reject(new Error('inspector closed'))));
  }

  static async open(pid: number): Promise<InspectorSession> {
    if (!(await portIsFree(INSPECTOR_PORT))) throw new Error(`127.0.0.1:${INSPECTOR_PORT} is taken: the process's inspector could not open there`);
    process.kill(pid, 'SIGUSR1');
    const url = await debuggerUrl(Date.now() + OPEN_TIMEOUT_MS);
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new InspectorSession(ws);
  }

  call<T>(method: string, params: object = {}): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(text: string): void {
    const m = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = m.id === undefined ? undefined : this.pending.get(m.id);
    if (!waiter) return; // an event, not an answer
    this.pending.delete(m.id!);
    if (m.error) waiter.reject(new Error(m.error.message));
    else waiter.resolve(m.result);
  }
}

/** The inspector's WebSocket address, once it listens (it opens a few ms after the signal). */
async function debuggerUrl(deadline: number): Promise<string> {
  for (;;) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      return targets[0].webSocketDebuggerUrl;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no inspector on 127.0.0.1:${INSPECTOR_PORT} after SIGUSR1`, { cause: e });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

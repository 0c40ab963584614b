import { createServer, type Server } from 'node:http';

/**
 * A real HTTP JSON-RPC proxy in front of anvil that delays chosen methods: how the deadline
 * tests make the chain slow at a precise step (before or after the payment is persisted).
 */
export class SlowRpcProxy {
  private readonly delays = new Map<string, number>();
  private server?: Server;
  port = 0;

  constructor(private readonly target: string) {}

  delay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString();
        // A JSON-RPC batch (the authorizer batches the calls of one tick) waits as long as its slowest method.
        const calls = [JSON.parse(body) as { method?: string } | { method?: string }[]].flat();
        const wait = Math.max(0, ...calls.map((c) => this.delays.get(c.method ?? '') ?? 0));
        if (wait) await new Promise((r) => setTimeout(r, wait));
        try {
          const upstream = await fetch(this.target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          res.writeHead(upstream.status, { 'content-type': 'application/json' });
          res.end(await upstream.text());
        } catch {
          res.writeHead(502).end();
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return `http://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

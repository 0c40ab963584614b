import { Agent, request } from 'node:http';

/** Connections kept open between calls; an idle one does not keep the process alive. */
const agent = new Agent({ keepAlive: true });

/** Tooling calls are quick; an anvil_dumpState of a long chain is the slowest seen (~1.4 s). */
const TIMEOUT_MS = 30_000;

/**
 * One JSON-RPC 2.0 call over HTTP, for tooling that talks to a node outside the settlement path (the
 * dev chain's runner, benches, tests); the bridge itself uses NodeJsonRpcProvider. Rejects with the
 * node's error message. node:http on a kept-alive connection, not `fetch`: the runner polls the dev chain
 * (its on-demand miner, its state saver), and a `fetch` cost ~4 ms of CPU a call on a slow machine.
 */
export function jsonRpcCall(url: string, method: string, params: readonly unknown[] = []): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          const reply = JSON.parse(text) as { result?: unknown; error?: { message: string } };
          if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
          else resolve(reply.result);
        } catch (e) {
          reject(e as Error);
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`${method}: no answer in ${TIMEOUT_MS / 1000} s`)));
    req.end(body);
  });
}

/**
 * One JSON-RPC 2.0 call over HTTP, for tooling that talks to a node outside the settlement path (the
 * dev chain's runner, benches, tests); the bridge itself uses NodeJsonRpcProvider. Rejects with the
 * node's error message.
 */
export async function jsonRpcCall(url: string, method: string, params: readonly unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

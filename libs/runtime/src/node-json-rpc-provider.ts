import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  JsonRpcProvider,
  makeError,
  type JsonRpcApiProviderOptions,
  type JsonRpcError,
  type JsonRpcPayload,
  type JsonRpcResult,
  type Networkish,
} from 'ethers';

/** A node that has not answered by then is treated as down (ethers' own default is 300 s). */
export const RPC_TIMEOUT_MS = 10_000;

/** A transport failure, with the codes ethers uses (TIMEOUT, SERVER_ERROR, NETWORK_ERROR). */
export class RpcTransportError extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'SERVER_ERROR' | 'NETWORK_ERROR',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RpcTransportError';
  }
}

/** One JSON-RPC call of a batch. */
export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
}

/**
 * ethers' JsonRpcProvider with its HTTP transport swapped for node:http on a keep-alive agent.
 * ethers' fetch decodes every response with a JavaScript UTF-8 decoder: with the tracker reading each
 * block's receipts that was 15 % of the authorizer's main thread at 1,000 payments/s; Node decodes
 * natively. Batching, result checks and everything above `_send` stay ethers'. Credentials in the
 * URL go as basic auth and never into an error message.
 */
export class NodeJsonRpcProvider extends JsonRpcProvider {
  private readonly target: URL;
  private readonly agent: HttpAgent;
  /** Ids of sendBatch's payloads; ethers numbers its own from 1 (they never share a request). */
  private nextBatchId = 2 ** 31;

  constructor(
    url: string,
    network?: Networkish,
    options?: JsonRpcApiProviderOptions,
    private readonly timeoutMs = RPC_TIMEOUT_MS,
  ) {
    super(url, network, options);
    this.target = new URL(url);
    const Agent = this.target.protocol === 'https:' ? HttpsAgent : HttpAgent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 16 });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const body = Buffer.from(JSON.stringify(payload));
    const text = await this.post(body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new RpcTransportError('SERVER_ERROR', `the node answered with invalid JSON (${text.length} bytes)`, { cause: e });
    }
    return (Array.isArray(parsed) ? parsed : [parsed]) as JsonRpcResult[];
  }

  /**
   * Calls of one method as one JSON-RPC batch request, serialised once. ethers' own batching (calls
   * made in one tick) serialises the growing batch again for every call it adds — quadratic: ~1.6 MB
   * of JSON.stringify for a batch of 100 raw transactions. Each call settles on its own; errors are the
   * ones `send` would throw (getRpcError), a transport failure rejects the whole batch.
   */
  sendBatch(method: string, params: readonly unknown[][]): Promise<PromiseSettledResult<unknown>[]> {
    return this.sendCalls(params.map((p) => ({ method, params: p })));
  }

  /**
   * Calls of any methods as one JSON-RPC batch request, at once: no stall timer (ethers' drain waits a
   * timer turn, ~1 ms, even at batchStallTime 0) and no per-call request copying. As `sendBatch`.
   */
  async sendCalls(calls: readonly RpcCall[]): Promise<PromiseSettledResult<unknown>[]> {
    const payloads: JsonRpcPayload[] = calls.map((c) => ({ method: c.method, params: c.params as unknown[], id: this.nextBatchId++, jsonrpc: '2.0' }));
    const answers = new Map<number, JsonRpcResult | JsonRpcError>();
    for (const a of (await this._send(payloads)) as (JsonRpcResult | JsonRpcError)[]) answers.set(a.id, a);
    return payloads.map((p) => {
      const a = answers.get(p.id);
      if (!a) return { status: 'rejected', reason: makeError('missing response for request', 'BAD_DATA', { info: { payload: p } }) };
      if ('error' in a) return { status: 'rejected', reason: this.getRpcError(p, a) };
      return { status: 'fulfilled', value: a.result };
    });
  }

  override destroy(): void {
    this.agent.destroy();
    super.destroy();
  }

  /**
   * One POST; retried once on a fresh connection when a reused keep-alive socket turns out closed by
   * the node (ECONNRESET / EPIPE before any answer): the race Node's docs describe for keep-alive
   * clients (`request.reusedSocket`). JSON-RPC reads and eth_sendRawTransaction of the same bytes are
   * safe to send twice.
   */
  private async post(body: Buffer): Promise<string> {
    try {
      return await this.postOnce(body);
    } catch (e) {
      if (!(e instanceof StaleSocketError)) throw e;
      return this.postOnce(body);
    }
  }

  private postOnce(body: Buffer): Promise<string> {
    const { target } = this;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: 'POST',
          agent: this.agent,
          auth: target.username ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
          timeout: this.timeoutMs,
        },
        (res) => readBody(res).then(resolve, reject),
      );
      req.on('timeout', () => req.destroy(new RpcTransportError('TIMEOUT', `no answer from the node within ${this.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e instanceof RpcTransportError) return reject(e);
        if (req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return reject(new StaleSocketError(e));
        reject(new RpcTransportError('NETWORK_ERROR', `node unreachable: ${e.code ?? e.message}`, { cause: e }));
      });
      req.end(body);
    });
  }
}

/** A reused keep-alive socket the node had closed: nothing reached it, send again. */
class StaleSocketError extends RpcTransportError {
  constructor(cause: Error) {
    super('NETWORK_ERROR', 'keep-alive connection closed by the node', { cause });
  }
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', (e) => reject(new RpcTransportError('NETWORK_ERROR', `node connection failed: ${e.message}`, { cause: e })));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = res.statusCode ?? 0;
      // JSON-RPC errors come with HTTP 200 and are ethers' to read; anything else is the transport's.
      if (status >= 200 && status < 300) resolve(text);
      else reject(new RpcTransportError('SERVER_ERROR', `node answered HTTP ${status}`));
    });
  });
}

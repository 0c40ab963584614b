import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Contract, JsonRpcProvider, type HDNodeWallet } from 'ethers';
import {
  applySpread,
  convertFiatToCrypto,
  currencyByNumeric,
  eip20TransferOf,
  EXCHANGE_HTTP,
  formatRatio,
  parseDecimal,
  verifyExchangeRequest,
  type CreditRecord,
} from '@bridge/contracts';
import { EnvReader, EXCHANGE_PAYOUT_PATH, KeyStore } from '@bridge/runtime';
import { DEMO } from '../dev/demo-data';

/**
 * A small but real exchange for the demo and the tests: HMAC-checked REST, quotes from its own rate
 * table, an exchange-provided deposit address per payment, payment notifications (kept for
 * inspection), credits checked against the chain (what arrived at the deposit address, not what the
 * notification claims), and refunds paid on-chain from its hot wallet. Test hooks under /_test change
 * its behaviour (latency, failures, lost webhooks, held refunds) to exercise the adapter and reconciliation.
 */
const env = new EnvReader();
const secret = env.secret('EXCHANGE_HMAC_SECRET') ?? env.string('EXCHANGE_HMAC_SECRET');
const keys = KeyStore.fromMnemonicFile(env.string('WALLET_MNEMONIC_FILE'));
const provider = new JsonRpcProvider(env.url('RPC_URL', ['http:', 'https:']), undefined, { staticNetwork: true, cacheTimeout: -1 });
const hotWallet: HDNodeWallet = keys.signer(EXCHANGE_PAYOUT_PATH(0)).connect(provider) as HDNodeWallet;
const RATES: Record<string, Record<string, string>> = { USDC: { '840': '1', '978': '1.08', '826': '1.27', '392': '0.0067' }, ETH: { '840': '0.0004' } };
const SPREAD_BPS = 30;

// ignoreNotifications: answers 202 but credits nothing (a webhook lost on the exchange's side);
// holdRefunds: refunds are QUEUED (a withdrawal review), not sent.
const behaviour = { delayMs: 0, failNext: 0, failNotificationsNext: 0, ignoreNotifications: false, holdRefunds: false };
const notifications: unknown[] = [];
const credits = new Map<string, CreditRecord>();
const refunds = new Map<string, string>();
let nextAddress = 0;

type Handler = (body: Record<string, unknown>) => Promise<[number, unknown]>;

const routes: Record<string, Handler> = {
  [EXCHANGE_HTTP.quotes]: async (b) => {
    const currency = currencyByNumeric(String(b.currencyNumeric));
    const rate = RATES[String(b.asset)]?.[String(b.currencyNumeric)];
    if (!currency || !rate) return [422, { error: 'NO_RATE' }];
    const withSpread = applySpread(parseDecimal(rate), SPREAD_BPS);
    const cryptoAmount = convertFiatToCrypto({
      amountMinor: BigInt(String(b.amountMinor)),
      fiatExponent: currency.exponent,
      rate: withSpread,
      tokenDecimals: Number(b.decimals),
      rounding: 'UP',
    });
    return [
      200,
      {
        quoteId: `ref-${randomUUID()}`,
        rate: formatRatio(withSpread, 18),
        spreadBps: SPREAD_BPS,
        cryptoAmount: cryptoAmount.toString(),
        expiresAt: new Date(Date.now() + 30_000).toISOString(),
      },
    ];
  },
  // Deposit addresses of the exchange's own account 4: one per payment, never reused.
  [EXCHANGE_HTTP.addresses]: async () => [200, { address: keys.address(`m/44'/60'/4'/0/${nextAddress++}`) }],
  [EXCHANGE_HTTP.notifications]: async (b) => {
    if (behaviour.failNotificationsNext > 0) {
      behaviour.failNotificationsNext--;
      return [503, { error: 'try later' }];
    }
    notifications.push(b);
    if (!behaviour.ignoreNotifications) await credit(b);
    return [202, { received: true }];
  },
  [EXCHANGE_HTTP.credits]: async (b) => {
    const ids = Array.isArray(b.authorizationIds) ? b.authorizationIds.map(String) : [];
    return [200, { credits: ids.map((id) => credits.get(id)).filter(Boolean) }];
  },
  // Refunds leave from the hot wallet (as exchanges do), not from the deposit address.
  [EXCHANGE_HTTP.refunds]: async (b) => {
    const done = refunds.get(String(b.refundId)); // idempotent: a retried refund is not paid twice
    if (done) return [200, { status: 'SENT', txHash: done }];
    if (behaviour.holdRefunds) return [200, { status: 'QUEUED', reason: 'withdrawal under review' }];
    const amount = BigInt(String(b.amount));
    const tx = b.token
      ? await new Contract(String(b.token), ['function transfer(address,uint256) returns (bool)'], hotWallet).getFunction('transfer')(String(b.to), amount)
      : await hotWallet.sendTransaction({ to: String(b.to), value: amount });
    refunds.set(String(b.refundId), tx.hash);
    return [200, { status: 'SENT', txHash: tx.hash }];
  },
};

/** Broadcast: pending. Confirmed: credit what the chain shows arrived at the deposit address in that transaction. */
async function credit(b: Record<string, unknown>): Promise<void> {
  const id = String(b.authorizationId);
  const txHash = String(b.txHash);
  if (credits.get(id)?.status === 'CREDITED') return;
  const pending: CreditRecord = { authorizationId: id, status: 'PENDING', txHash, amount: null, creditedAt: null, reason: null };
  if (b.event !== 'PAYMENT_CONFIRMED') return void credits.set(id, pending);
  const receipt = await provider.getTransactionReceipt(txHash);
  if (!receipt) return void credits.set(id, pending);
  if (receipt.status !== 1) return void credits.set(id, { ...pending, status: 'REJECTED', reason: 'transaction reverted' });
  const arrived = await arrivedAt(String(b.destination), txHash, receipt.logs);
  if (arrived === 0n) return void credits.set(id, { ...pending, status: 'REJECTED', reason: 'nothing arrived at the deposit address' });
  credits.set(id, { ...pending, status: 'CREDITED', amount: arrived.toString(), creditedAt: new Date().toISOString() });
}

async function arrivedAt(deposit: string, txHash: string, logs: readonly { address: string; topics: readonly string[]; data: string }[]): Promise<bigint> {
  const to = deposit.toLowerCase();
  let sum = 0n;
  for (const t of logs.map(eip20TransferOf)) if (t?.to === to) sum += t.value;
  const tx = await provider.getTransaction(txHash);
  if (tx?.to?.toLowerCase() === to) sum += tx.value;
  return sum;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await read(req);
  const url = req.url ?? '';
  if (url.startsWith('/_test/')) return testHook(url, body, res);
  if (!verifyExchangeRequest(secret, header(req, 'x-exchange-timestamp'), header(req, 'x-exchange-signature'), body))
    return send(res, 401, { error: 'bad signature' });
  const route = routes[url];
  if (!route || req.method !== 'POST') return send(res, 404, { error: 'not found' });
  const request = JSON.parse(body || '{}') as Record<string, unknown>;
  if (url === EXCHANGE_HTTP.addresses && request.merchantId === DEMO.silentExchangeMerchant.merchantId) return leaveUnanswered(res);
  if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
  if (behaviour.failNext > 0) {
    behaviour.failNext--;
    return send(res, 503, { error: 'temporarily unavailable' });
  }
  const [status, payload] = await route(request);
  send(res, status, payload);
}

/**
 * A sandbox's magic value: the silent demo merchant's deposit address never comes, so the adapter
 * gives up at the authorization's deadline and the network gets DE39 91 — the harness's 91 scenario,
 * with nothing stopped or injected. Held until the caller hangs up (a minute at most, then 504).
 */
function leaveUnanswered(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      send(res, 504, { error: 'no answer' });
      resolve();
    }, 60_000);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function testHook(url: string, body: string, res: ServerResponse): void {
  if (url === '/_test/behaviour') Object.assign(behaviour, JSON.parse(body || '{}'));
  send(res, 200, { behaviour, notifications, credits: [...credits.values()] });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

const port = env.port('REFERENCE_EXCHANGE_PORT', 8590);
createServer((req, res) => void handle(req, res).catch((e) => send(res, 500, { error: (e as Error).message }))).listen(port, '127.0.0.1', () => {
  console.log(`ready: reference exchange on http://127.0.0.1:${port} (hot wallet ${hotWallet.address})`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

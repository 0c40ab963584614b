import { Contract, Wallet } from 'ethers';
import { NodeJsonRpcProvider, Secp256k1Key } from '@bridge/runtime';
import { OrderedBroadcaster } from '../apps/authorizer/src/settlement/ordered-broadcaster';
import { signPayment } from '../apps/authorizer/src/settlement/sign-payment';
import { ANVIL_DEV_KEY } from '../tools/dev/demo-data';

const AMOUNT = 10_000n; // 0.01 USDC

/**
 * The chain's floor for our payment: a fresh funded wallet signs the same EIP-20 transfer with the
 * engine's own signing code (all fields filled, libsecp256k1) and sends it raw the way the engine
 * does (same transport, in nonce order, queued sends as one JSON-RPC batch request built once: unordered sends
 * stall anvil's automine, foundry-rs/foundry#10122), `inFlight` at a time, with nothing persisted.
 * Returns transactions per second.
 */
export async function bareFloor(rpcUrl: string, token: string, to: string, count: number, inFlight: number): Promise<number> {
  const provider = new NodeJsonRpcProvider(rpcUrl, undefined, {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 100,
    batchStallTime: 0,
    pollingInterval: 100,
  });
  const chainId = (await provider.getNetwork()).chainId;
  const minter = new Wallet(ANVIL_DEV_KEY, provider);
  const sender = Wallet.createRandom().connect(provider);
  await (await minter.sendTransaction({ to: sender.address, value: 10n ** 18n })).wait();
  await (await new Contract(token, ['function mint(address,uint256)'], minter).getFunction('mint')(sender.address, AMOUNT * BigInt(count))).wait();
  const block = await provider.getBlock('latest');
  const fees = { maxFeePerGas: block!.baseFeePerGas! * 2n + 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n };
  const key = new Secp256k1Key(sender.privateKey);
  const lane = new OrderedBroadcaster({
    broadcastMany: async (txs) =>
      (await provider.sendBatch(
        'eth_sendRawTransaction',
        txs.map((t) => [t.rawTx]),
      )) as PromiseSettledResult<void>[],
  });
  let nonce = 0n;
  const started = process.hrtime.bigint();
  await closedLoop(count, inFlight, async () => {
    const { rawTx, hash } = signPayment(key, { kind: 'ERC20_TRANSFER', chainId, token, to, amount: AMOUNT, nonce: nonce++, gasLimit: 100_000n, fees });
    await lane.send(sender.address, rawTx, hash);
  });
  const perSec = count / (Number(process.hrtime.bigint() - started) / 1e9);
  provider.destroy();
  return perSec;
}

/** Runs `task` `count` times with `concurrency` in flight. */
export async function closedLoop(count: number, concurrency: number, task: () => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

import type { JsonRpcProvider, TransactionReceipt } from 'ethers';
import { eventually } from './chain';

/**
 * The transaction's receipt once mined, asked for every 50 ms until `timeoutMs`. Not ethers'
 * waitForTransaction: it checks the receipt against a head it read just before, and otherwise waits
 * for a later block event, whose poller takes the head at its first poll as already seen. A payment
 * that automine mines between those reads is never reported until another block comes; a test that
 * sends nothing more then times out (seen in exchange-adapter.e2e-spec.ts with both workers busy).
 */
export async function receiptOf(provider: JsonRpcProvider, hash: string, timeoutMs = 10_000): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt | null = null;
  await eventually(async () => (receipt = await provider.getTransactionReceipt(hash)) !== null, timeoutMs, 50);
  return receipt!;
}

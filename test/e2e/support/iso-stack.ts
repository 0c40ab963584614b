import { IsoClient } from '../../../tools/harness/iso-client';
import { ChainReader } from './chain';
import { startTestStack, type TestStack } from './test-stack';

export interface IsoStack {
  stack: TestStack;
  chain: ChainReader;
  client: IsoClient;
}

/** The usual e2e setup: the whole stack, a reader of the test token, one ISO 8583 connection. */
export async function openIsoStack(env: Record<string, string> = {}): Promise<IsoStack> {
  const stack = await startTestStack(env);
  return { stack, chain: new ChainReader(stack.rpcUrl, stack.seed.tokenAddress), client: await IsoClient.connect('127.0.0.1', stack.isoPort) };
}

/** Closes what openIsoStack opened; parts a failed setup never made are skipped. */
export async function closeIsoStack(parts: Partial<IsoStack>): Promise<void> {
  parts.client?.close();
  parts.chain?.destroy();
  await parts.stack?.teardown();
}

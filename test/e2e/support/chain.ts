import { Contract, id, JsonRpcProvider, zeroPadValue } from 'ethers';

const TRANSFER = id('Transfer(address,address,uint256)');

/** Reads the chain itself (balances, EIP-20 Transfer logs): what the tests assert money on. */
export class ChainReader {
  readonly provider: JsonRpcProvider;
  private readonly token: Contract;

  constructor(
    rpcUrl: string,
    readonly tokenAddress: string,
  ) {
    this.provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    this.token = new Contract(
      tokenAddress,
      ['function balanceOf(address) view returns (uint256)', 'function allowance(address,address) view returns (uint256)'],
      this.provider,
    );
  }

  async balance(address: string): Promise<bigint> {
    return (await this.token.getFunction('balanceOf')(address)) as bigint;
  }

  async allowance(owner: string, spender: string): Promise<bigint> {
    return (await this.token.getFunction('allowance')(owner, spender)) as bigint;
  }

  /** Transfer(from → to) values since a block, from the logs. */
  async transfers(from: string, to: string, fromBlock: number): Promise<bigint[]> {
    if (fromBlock > (await this.provider.getBlockNumber())) return [];
    const logs = await this.provider.getLogs({
      address: this.tokenAddress,
      topics: [TRANSFER, zeroPadValue(from, 32), zeroPadValue(to, 32)],
      fromBlock,
      toBlock: 'latest',
    });
    return logs.map((l) => BigInt(l.data));
  }

  rpc(method: string, params: unknown[] = []): Promise<unknown> {
    return this.provider.send(method, params);
  }

  destroy(): void {
    this.provider.destroy();
  }
}

/** Polls until `check` holds or the time is up. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, stepMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

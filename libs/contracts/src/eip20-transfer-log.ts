/** keccak256("Transfer(address,address,uint256)"): topic 0 of an EIP-20 Transfer event. */
export const EIP20_TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

/** Addresses lower-case. */
export interface Eip20Transfer {
  readonly token: string;
  readonly from: string;
  readonly to: string;
  readonly value: bigint;
}

/**
 * The EIP-20 Transfer a log records (from, to indexed; value in data), or null for any other log —
 * an ERC-721 Transfer shares topic 0 but indexes its third argument too (four topics).
 */
export function eip20TransferOf(log: { readonly address: string; readonly topics: readonly string[]; readonly data: string }): Eip20Transfer | null {
  if (log.topics.length !== 3 || log.topics[0] !== EIP20_TRANSFER_TOPIC) return null;
  return {
    token: log.address.toLowerCase(),
    from: `0x${log.topics[1].slice(26)}`.toLowerCase(),
    to: `0x${log.topics[2].slice(26)}`.toLowerCase(),
    value: BigInt(log.data),
  };
}

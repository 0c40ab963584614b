/** A transaction the chain has mined, as the tracker records it (matched to a payment by its hash). */
export interface MinedTransaction {
  hash: string;
  status: 'CONFIRMED' | 'FAILED';
  blockNumber: string;
  blockHash: string;
  gasUsed: string;
  /** gasUsed × effectiveGasPrice, in wei. */
  feePaid: string;
}

/** The fields of a JSON-RPC receipt (eth_getBlockReceipts / eth_getTransactionReceipt) the tracker needs. */
export interface RpcReceipt {
  transactionHash: string;
  status: string;
  blockNumber: string;
  blockHash: string;
  gasUsed: string;
  effectiveGasPrice: string;
}

/** Quantities come hex-encoded; status 0x1 is success (EIP-658), anything else reverted. */
export function minedFromRpcReceipt(r: RpcReceipt): MinedTransaction {
  const gasUsed = BigInt(r.gasUsed);
  return {
    hash: r.transactionHash.toLowerCase(),
    status: BigInt(r.status) === 1n ? 'CONFIRMED' : 'FAILED',
    blockNumber: BigInt(r.blockNumber).toString(),
    blockHash: r.blockHash,
    gasUsed: gasUsed.toString(),
    feePaid: (gasUsed * BigInt(r.effectiveGasPrice)).toString(),
  };
}

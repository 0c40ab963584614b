import { Transaction, type HDNodeWallet } from 'ethers';
import { ERC20 } from './erc20';
import type { FeeQuote } from './chain-gateway';

export interface TokenTransfer {
  readonly chainId: bigint;
  readonly token: string;
  readonly to: string;
  readonly amount: bigint;
  readonly nonce: bigint;
  readonly gasLimit: bigint;
  readonly fees: FeeQuote;
}

/** Signs an EIP-1559 (type 2) ERC-20 transfer with every field filled: no RPC call needed. */
export function signTokenTransfer(signer: HDNodeWallet, t: TokenTransfer): { rawTx: string; hash: string } {
  const tx = Transaction.from({
    type: 2,
    chainId: t.chainId,
    nonce: Number(t.nonce),
    to: t.token,
    data: ERC20.encodeFunctionData('transfer', [t.to, t.amount]),
    value: 0n,
    gasLimit: t.gasLimit,
    maxFeePerGas: t.fees.maxFeePerGas,
    maxPriorityFeePerGas: t.fees.maxPriorityFeePerGas,
  });
  tx.signature = signer.signingKey.sign(tx.unsignedHash);
  return { rawTx: tx.serialized, hash: tx.hash! };
}

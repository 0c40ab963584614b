import { Transaction, type HDNodeWallet } from 'ethers';
import type { PaymentKind } from '@bridge/persistence';
import type { FeeQuote } from './chain-gateway';
import { ERC20 } from './erc20';

export interface PaymentTx {
  readonly kind: PaymentKind;
  readonly chainId: bigint;
  /** ERC-20 contract; null for the native coin. */
  readonly token: string | null;
  /** Cardholder wallet whose allowance is used (ERC20_TRANSFER_FROM only). */
  readonly from?: string;
  readonly to: string;
  readonly amount: bigint;
  readonly nonce: bigint;
  readonly gasLimit: bigint;
  readonly fees: FeeQuote;
}

/** Plain value transfers cost exactly 21,000 gas (yellow paper G_transaction). */
export const NATIVE_TRANSFER_GAS = 21_000n;

/**
 * Signs an EIP-1559 (type 2) payment with every field filled, so broadcasting is one
 * eth_sendRawTransaction: an EIP-20 transfer, a transferFrom on an allowance, or a coin transfer.
 */
export function signPayment(signer: HDNodeWallet, p: PaymentTx): { rawTx: string; hash: string } {
  const call =
    p.kind === 'NATIVE'
      ? { to: p.to, value: p.amount, data: '0x' }
      : {
          to: p.token!,
          value: 0n,
          data:
            p.kind === 'ERC20_TRANSFER_FROM'
              ? ERC20.encodeFunctionData('transferFrom', [p.from!, p.to, p.amount])
              : ERC20.encodeFunctionData('transfer', [p.to, p.amount]),
        };
  const tx = Transaction.from({
    type: 2,
    chainId: p.chainId,
    nonce: Number(p.nonce),
    gasLimit: p.gasLimit,
    maxFeePerGas: p.fees.maxFeePerGas,
    maxPriorityFeePerGas: p.fees.maxPriorityFeePerGas,
    ...call,
  });
  tx.signature = signer.signingKey.sign(tx.unsignedHash);
  return { rawTx: tx.serialized, hash: tx.hash! };
}

/** Re-signs the same payment at the same nonce with other fees (replacement of a stuck transaction). */
export function resignWithFees(signer: HDNodeWallet, rawTx: string, fees: FeeQuote): { rawTx: string; hash: string } {
  const tx = Transaction.from(rawTx);
  tx.signature = null;
  tx.maxFeePerGas = fees.maxFeePerGas;
  tx.maxPriorityFeePerGas = fees.maxPriorityFeePerGas;
  tx.signature = signer.signingKey.sign(tx.unsignedHash);
  return { rawTx: tx.serialized, hash: tx.hash! };
}

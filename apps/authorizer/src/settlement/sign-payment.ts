import { keccak256, Transaction, type Signature } from 'ethers';
import type { PaymentKind } from '@bridge/persistence';
import type { FeeQuote } from './chain-gateway';
import { transferCalldata } from './erc20-calldata';

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

/** Signs a 32-byte digest (ethers' SigningKey, or the faster Secp256k1Key). */
export interface DigestSigner {
  sign(digest: string): Signature;
}

export interface SignedTx {
  readonly rawTx: string;
  readonly hash: string;
}

/** Plain value transfers cost exactly 21,000 gas (yellow paper G_transaction). */
export const NATIVE_TRANSFER_GAS = 21_000n;

/**
 * Signs an EIP-1559 (type 2) payment with every field filled, so broadcasting is one
 * eth_sendRawTransaction: an EIP-20 transfer, a transferFrom on an allowance, or a coin transfer.
 */
export function signPayment(key: DigestSigner, p: PaymentTx): SignedTx {
  const call =
    p.kind === 'NATIVE'
      ? { to: p.to, value: p.amount, data: '0x' }
      : {
          to: p.token!,
          value: 0n,
          data: p.kind === 'ERC20_TRANSFER_FROM' ? transferCalldata(p.to, p.amount, p.from!) : transferCalldata(p.to, p.amount),
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
  tx.signature = key.sign(tx.unsignedHash);
  return signed(tx);
}

/** A transaction signed ahead of time is used only when it is field for field the one decided now. */
export function reuseOrSign(key: DigestSigner, tx: PaymentTx, ahead?: SignedTx & { tx: PaymentTx }): SignedTx {
  if (ahead && samePayment(ahead.tx, tx)) return { rawTx: ahead.rawTx, hash: ahead.hash };
  return signPayment(key, tx);
}

function samePayment(a: PaymentTx, b: PaymentTx): boolean {
  return (
    a.kind === b.kind &&
    a.chainId === b.chainId &&
    a.token === b.token &&
    a.from === b.from &&
    a.to === b.to &&
    a.amount === b.amount &&
    a.nonce === b.nonce &&
    a.gasLimit === b.gasLimit &&
    a.fees.maxFeePerGas === b.fees.maxFeePerGas &&
    a.fees.maxPriorityFeePerGas === b.fees.maxPriorityFeePerGas
  );
}

/** Re-signs the same payment at the same nonce with other fees (replacement of a stuck transaction). */
export function resignWithFees(key: DigestSigner, rawTx: string, fees: FeeQuote): SignedTx {
  const tx = Transaction.from(rawTx);
  tx.signature = null;
  tx.maxFeePerGas = fees.maxFeePerGas;
  tx.maxPriorityFeePerGas = fees.maxPriorityFeePerGas;
  tx.signature = key.sign(tx.unsignedHash);
  return signed(tx);
}

/** The hash is keccak256 of the signed serialisation: serialise once (ethers' `tx.hash` would again). */
function signed(tx: Transaction): SignedTx {
  const rawTx = tx.serialized;
  return { rawTx, hash: keccak256(rawTx) };
}

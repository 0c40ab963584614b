import { concat, encodeRlp, keccak256, toBeHex, Transaction, type Signature } from 'ethers';
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

/** EIP-2718 envelope type of an EIP-1559 transaction. */
const EIP1559_TYPE = '0x02';

/**
 * Signs an EIP-1559 (type 2) payment with every field filled, so broadcasting is one
 * eth_sendRawTransaction: an EIP-20 transfer, a transferFrom on an allowance, or a coin transfer.
 * The fixed field list is RLP-encoded directly (EIP-1559: chainId, nonce, maxPriorityFeePerGas,
 * maxFeePerGas, gasLimit, to, value, data, accessList, then yParity, r, s): ethers' Transaction
 * serialised twice and checksummed addresses, half of the ~0.2 ms a payment cost. The unit test
 * checks the bytes equal ethers' serialisation.
 */
export function signPayment(key: DigestSigner, p: PaymentTx): SignedTx {
  if (p.fees.maxPriorityFeePerGas > p.fees.maxFeePerGas) throw new RangeError('maxPriorityFeePerGas above maxFeePerGas (EIP-1559)');
  const [to, value, data] =
    p.kind === 'NATIVE'
      ? [p.to, p.amount, '0x']
      : [p.token!, 0n, p.kind === 'ERC20_TRANSFER_FROM' ? transferCalldata(p.to, p.amount, p.from!) : transferCalldata(p.to, p.amount)];
  const fields = [
    quantity(p.chainId),
    quantity(p.nonce),
    quantity(p.fees.maxPriorityFeePerGas),
    quantity(p.fees.maxFeePerGas),
    quantity(p.gasLimit),
    address(to),
    quantity(value),
    data,
    [], // accessList (EIP-2930): none
  ];
  const signature = key.sign(keccak256(concat([EIP1559_TYPE, encodeRlp(fields)])));
  const rawTx = concat([
    EIP1559_TYPE,
    encodeRlp([...fields, quantity(BigInt(signature.yParity)), quantity(BigInt(signature.r)), quantity(BigInt(signature.s))]),
  ]);
  return { rawTx, hash: keccak256(rawTx) };
}

/** RLP integers are big-endian with no leading zero bytes; zero is the empty string. */
function quantity(v: bigint): string {
  if (v < 0n) throw new RangeError(`negative quantity: ${v}`);
  return v === 0n ? '0x' : toBeHex(v);
}

function address(a: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new RangeError(`not an address: ${a}`);
  return a.toLowerCase();
}

/** A payment signed ahead of time, with what it was signed for. */
export interface SignedAhead extends SignedTx {
  readonly tx: PaymentTx;
}

/** A transaction signed ahead of time is used only when it is field for field the one decided now. */
export function reuseOrSign(key: DigestSigner, tx: PaymentTx, ahead?: SignedAhead): SignedTx {
  if (ahead && samePayment(ahead.tx, tx)) return { rawTx: ahead.rawTx, hash: ahead.hash };
  return signPayment(key, tx);
}

/** Every field that goes into the signed transaction is equal. */
export function samePayment(a: PaymentTx, b: PaymentTx): boolean {
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

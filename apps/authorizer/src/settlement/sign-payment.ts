import { keccak256, Transaction, type Signature } from 'ethers';
import { keccak256Bytes, type RecoverableSignature } from '@bridge/runtime';
import type { PaymentKind } from '@bridge/persistence';
import type { FeeQuote } from './chain-gateway';
import { transferCalldata } from './erc20-calldata';
import { rlpEncode, rlpQuantity, stripZeros, type RlpItem } from './rlp-encode';

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

/** Signs 32-byte digests: bytes for the payment hot path, an ethers Signature for the rest. */
export interface DigestSigner {
  signDigest(digest: Uint8Array): RecoverableSignature;
  sign(digest: string): Signature;
}

export interface SignedTx {
  readonly rawTx: string;
  readonly hash: string;
}

/** Plain value transfers cost exactly 21,000 gas (yellow paper G_transaction). */
export const NATIVE_TRANSFER_GAS = 21_000n;

/** EIP-2718 envelope type of an EIP-1559 transaction. */
const EIP1559_TYPE = 0x02;

/**
 * Signs an EIP-1559 (type 2) payment with every field filled, so broadcasting is one
 * eth_sendRawTransaction: an EIP-20 transfer, a transferFrom on an allowance, or a coin transfer.
 * The fixed field list is RLP-encoded directly into bytes (EIP-1559: chainId, nonce,
 * maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList, then yParity, r, s),
 * hashed and signed natively where the add-ons load: ethers' serialisation through hex strings,
 * its JavaScript keccak and the WebAssembly curve were a third of the authorizer's event loop at
 * ~900 auths/s. The unit test checks the bytes equal ethers' serialisation.
 */
export function signPayment(key: DigestSigner, p: PaymentTx): SignedTx {
  if (p.fees.maxPriorityFeePerGas > p.fees.maxFeePerGas) throw new RangeError('maxPriorityFeePerGas above maxFeePerGas (EIP-1559)');
  const [to, value, data] =
    p.kind === 'NATIVE'
      ? [p.to, p.amount, '0x']
      : [p.token!, 0n, p.kind === 'ERC20_TRANSFER_FROM' ? transferCalldata(p.to, p.amount, p.from!) : transferCalldata(p.to, p.amount)];
  const fields: RlpItem[] = [
    rlpQuantity(p.chainId),
    rlpQuantity(p.nonce),
    rlpQuantity(p.fees.maxPriorityFeePerGas),
    rlpQuantity(p.fees.maxFeePerGas),
    rlpQuantity(p.gasLimit),
    address(to),
    rlpQuantity(value),
    Buffer.from(data.slice(2), 'hex'),
    [], // accessList (EIP-2930): none
  ];
  const { signature, recoveryId } = key.signDigest(keccak256Bytes(rlpEncode(fields, EIP1559_TYPE)));
  const raw = rlpEncode([...fields, rlpQuantity(BigInt(recoveryId)), stripZeros(signature.subarray(0, 32)), stripZeros(signature.subarray(32))], EIP1559_TYPE);
  return { rawTx: `0x${raw.toString('hex')}`, hash: `0x${keccak256Bytes(raw).toString('hex')}` };
}

function address(a: string): Buffer {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new RangeError(`not an address: ${a}`);
  return Buffer.from(a.slice(2), 'hex');
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

import { ERC20 } from './erc20';

const TRANSFER = ERC20.getFunction('transfer')!.selector;
const TRANSFER_FROM = ERC20.getFunction('transferFrom')!.selector;
const BALANCE_OF = ERC20.getFunction('balanceOf')!.selector;
const ALLOWANCE = ERC20.getFunction('allowance')!.selector;

/**
 * EIP-20 transfer / transferFrom calldata written directly: the selector, then each argument as one
 * 32-byte big-endian word (Solidity ABI, static types). ethers' Interface encoder took 11 % of the
 * settlement hot path for this fixed layout; the unit test checks both give the same bytes.
 */
export function transferCalldata(to: string, amount: bigint, from?: string): string {
  const words = from === undefined ? [address(to), uint256(amount)] : [address(from), address(to), uint256(amount)];
  return (from === undefined ? TRANSFER : TRANSFER_FROM) + words.join('');
}

/** EIP-20 balanceOf(owner) calldata, written the same way (the funds reads: one per stale wallet). */
export function balanceOfCalldata(owner: string): string {
  return BALANCE_OF + address(owner);
}

/** EIP-20 allowance(owner, spender) calldata. */
export function allowanceCalldata(owner: string, spender: string): string {
  return ALLOWANCE + address(owner) + address(spender);
}

function address(a: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new RangeError(`not an address: ${a}`);
  return a.slice(2).toLowerCase().padStart(64, '0');
}

function uint256(v: bigint): string {
  if (v < 0n || v >= 1n << 256n) throw new RangeError(`uint256 out of range: ${v}`);
  return v.toString(16).padStart(64, '0');
}

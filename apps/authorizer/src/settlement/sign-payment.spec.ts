import { randomBytes } from 'node:crypto';
import { hexlify, SigningKey, Transaction, Wallet } from 'ethers';
import { Secp256k1Key } from '@bridge/runtime';
import { ERC20 } from './erc20';
import { allowanceCalldata, balanceOfCalldata, transferCalldata } from './erc20-calldata';
import { resignWithFees, reuseOrSign, signPayment, type PaymentTx } from './sign-payment';

const wallet = Wallet.createRandom();
const fast = new Secp256k1Key(wallet.privateKey);
const ethersKey = new SigningKey(wallet.privateKey);
const fees = { maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };
const payment = (over: Partial<PaymentTx> = {}): PaymentTx => ({
  kind: 'ERC20_TRANSFER',
  chainId: 31337n,
  token: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  amount: 1_234_567n,
  nonce: 7n,
  gasLimit: 100_000n,
  fees,
  ...over,
});

describe('signPayment', () => {
  it('libsecp256k1 signs exactly as ethers does (RFC 6979, low-s) on 200 random digests', () => {
    for (let i = 0; i < 200; i++) {
      const digest = hexlify(randomBytes(32));
      expect(fast.sign(digest).serialized).toBe(ethersKey.sign(digest).serialized);
    }
  });

  it.each(['ERC20_TRANSFER', 'ERC20_TRANSFER_FROM', 'NATIVE'] as const)('%s: a valid EIP-1559 tx from the wallet, hash = keccak of the raw bytes', (kind) => {
    const from = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
    const { rawTx, hash } = signPayment(fast, payment({ kind, from, token: kind === 'NATIVE' ? null : payment().token }));
    const tx = Transaction.from(rawTx);
    expect(tx.from).toBe(wallet.address);
    expect(tx.hash).toBe(hash);
    expect(tx.type).toBe(2);
    expect([tx.nonce, tx.gasLimit, tx.maxFeePerGas, tx.chainId]).toEqual([7, 100_000n, fees.maxFeePerGas, 31337n]);
    if (kind === 'NATIVE') expect([tx.to, tx.value, tx.data]).toEqual([payment().to, 1_234_567n, '0x']);
    else expect(tx.to).toBe(payment().token);
    if (kind === 'ERC20_TRANSFER') expect(tx.data).toBe(ERC20.encodeFunctionData('transfer', [payment().to, 1_234_567n]));
    if (kind === 'ERC20_TRANSFER_FROM') expect(tx.data).toBe(ERC20.encodeFunctionData('transferFrom', [from, payment().to, 1_234_567n]));
  });

  it("the directly encoded bytes equal ethers' Transaction serialisation (300 random payments, every kind)", () => {
    const rnd = (bits: number) => BigInt(hexlify(randomBytes(bits / 8)));
    const addr = () => Wallet.createRandom().address;
    for (let i = 0; i < 300; i++) {
      const kind = (['ERC20_TRANSFER', 'ERC20_TRANSFER_FROM', 'NATIVE'] as const)[i % 3];
      const priority = i % 7 === 0 ? 0n : rnd(32);
      const p = payment({
        kind,
        token: kind === 'NATIVE' ? null : addr(),
        to: addr(),
        from: addr(),
        amount: i % 11 === 0 ? 0n : rnd(i % 2 ? 64 : 128),
        nonce: i % 5 === 0 ? 0n : rnd(i % 2 ? 8 : 40),
        gasLimit: rnd(24),
        chainId: i % 2 ? 1n : 31337n,
        fees: { maxPriorityFeePerGas: priority, maxFeePerGas: priority + rnd(48) },
      });
      const { rawTx, hash } = signPayment(fast, p);
      const parsed = Transaction.from(rawTx);
      const rebuilt = Transaction.from({
        type: 2,
        chainId: p.chainId,
        nonce: Number(p.nonce),
        gasLimit: p.gasLimit,
        maxFeePerGas: p.fees.maxFeePerGas,
        maxPriorityFeePerGas: p.fees.maxPriorityFeePerGas,
        to: parsed.to,
        value: parsed.value,
        data: parsed.data,
        signature: parsed.signature,
      });
      expect(rebuilt.serialized).toBe(rawTx);
      expect(parsed.from).toBe(wallet.address);
      expect(parsed.hash).toBe(hash);
      expect(parsed.to).toBe(kind === 'NATIVE' ? p.to : p.token);
      expect(parsed.value).toBe(kind === 'NATIVE' ? p.amount : 0n);
    }
  });

  it('refuses a priority fee above the max fee (EIP-1559) and a malformed address', () => {
    expect(() => signPayment(fast, payment({ fees: { maxFeePerGas: 1n, maxPriorityFeePerGas: 2n } }))).toThrow(RangeError);
    expect(() => signPayment(fast, payment({ token: '0x1234' }))).toThrow(RangeError);
  });

  it('the same payment signs to the same bytes (a re-send is the same transaction)', () => {
    expect(signPayment(fast, payment())).toEqual(signPayment(new Secp256k1Key(wallet.privateKey), payment()));
  });

  it('a transaction signed ahead is used only when every field matches the one decided now', () => {
    const tx = payment();
    const ahead = { tx, ...signPayment(fast, tx) };
    expect(reuseOrSign(fast, payment(), ahead)).toEqual({ rawTx: ahead.rawTx, hash: ahead.hash });
    for (const other of [
      payment({ nonce: 8n }),
      payment({ amount: 1n }),
      payment({ fees: { ...fees, maxFeePerGas: 5_000_000_000n } }),
      payment({ to: payment().token! }),
    ]) {
      const got = reuseOrSign(fast, other, ahead);
      expect(got.hash).not.toBe(ahead.hash);
      expect(got).toEqual(signPayment(fast, other));
    }
    expect(reuseOrSign(fast, tx)).toEqual(signPayment(fast, tx));
  });

  it('a replacement keeps nonce, call and destination, with the new fees', () => {
    const first = signPayment(fast, payment());
    const next = resignWithFees(fast, first.rawTx, { maxFeePerGas: 4_000_000_000n, maxPriorityFeePerGas: 1_200_000_000n });
    const [a, b] = [Transaction.from(first.rawTx), Transaction.from(next.rawTx)];
    expect(b.hash).not.toBe(a.hash);
    expect([b.nonce, b.to, b.data, b.from]).toEqual([a.nonce, a.to, a.data, a.from]);
    expect([b.maxFeePerGas, b.maxPriorityFeePerGas]).toEqual([4_000_000_000n, 1_200_000_000n]);
  });
});

describe('transferCalldata', () => {
  it('matches ethers ABI encoding at the extremes of uint256', () => {
    const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
    for (const v of [0n, 1n, 10n ** 18n, (1n << 256n) - 1n]) {
      expect(transferCalldata(to, v)).toBe(ERC20.encodeFunctionData('transfer', [to, v]));
      expect(transferCalldata(to, v, to)).toBe(ERC20.encodeFunctionData('transferFrom', [to, to, v]));
    }
  });

  it('refuses what ABI encoding would refuse', () => {
    expect(() => transferCalldata('0x1234', 1n)).toThrow(RangeError);
    expect(() => transferCalldata('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', -1n)).toThrow(RangeError);
    expect(() => transferCalldata('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 1n << 256n)).toThrow(RangeError);
  });
});

describe('balanceOfCalldata / allowanceCalldata', () => {
  it("match ethers' ABI encoding for random addresses, whatever their case", () => {
    for (let i = 0; i < 50; i++) {
      const [a, b] = [Wallet.createRandom().address, Wallet.createRandom().address.toLowerCase()];
      expect(balanceOfCalldata(a)).toBe(ERC20.encodeFunctionData('balanceOf', [a]));
      expect(allowanceCalldata(a, b)).toBe(ERC20.encodeFunctionData('allowance', [a, b]));
    }
    expect(() => balanceOfCalldata('0x1234')).toThrow(RangeError);
  });
});

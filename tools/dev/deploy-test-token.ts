import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, ContractFactory, JsonRpcProvider, Wallet } from 'ethers';
import { repoRoot } from '@bridge/runtime';

/** Deploys contracts/TestUSDC.sol (committed artifact) from a dev account; returns its address. */
export function deployTestToken(provider: JsonRpcProvider, deployerKey: string): Promise<string> {
  return deployArtifact(provider, deployerKey, 'TestUSDC');
}

/** Deploys a committed artifact of contracts/ (e.g. TestFeeToken with its fee in bps) from a dev account. */
export async function deployArtifact(provider: JsonRpcProvider, deployerKey: string, name: string, args: unknown[] = []): Promise<string> {
  const artifact = JSON.parse(readFileSync(join(repoRoot(), 'contracts', 'artifacts', `${name}.json`), 'utf8')) as { abi: unknown[]; bytecode: string };
  const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, new Wallet(deployerKey, provider));
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract.getAddress();
}

/** Mints test tokens and sends gas money to `to`, waiting for both receipts. */
export async function fundWallet(provider: JsonRpcProvider, funderKey: string, token: string, to: string, tokens: bigint, wei: bigint): Promise<void> {
  const funder = new Wallet(funderKey, provider);
  if (tokens > 0n) {
    const usdc = new Contract(token, ['function mint(address to, uint256 value)'], funder);
    const mint = await usdc.getFunction('mint')(to, tokens);
    await mint.wait();
  }
  const gas = await funder.sendTransaction({ to, value: wei });
  await gas.wait();
}

/** The cardholder grants the bridge's spender an EIP-20 allowance (what a self-custodial card program asks for). */
export async function approveSpender(provider: JsonRpcProvider, holderKey: string, token: string, spender: string, amount: bigint): Promise<void> {
  const holder = new Wallet(holderKey, provider);
  const usdc = new Contract(token, ['function approve(address spender, uint256 value) returns (bool)'], holder);
  const tx = await usdc.getFunction('approve')(spender, amount);
  await tx.wait();
}

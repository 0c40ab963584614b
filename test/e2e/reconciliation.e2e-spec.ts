import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Contract, Wallet } from 'ethers';
import { decodeDe48 } from '@bridge/contracts';
import { CARD_WALLET_PATH, KeyStore } from '@bridge/runtime';
import { IsoClient } from '../../tools/harness/iso-client';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { closeIsoStack, openIsoStack } from './support/iso-stack';
import type { TestStack } from './support/test-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let chain: ChainReader;
let client: IsoClient;

beforeAll(async () => {
  ({ stack, chain, client } = await openIsoStack({ TRACKER_POLL_MS: '200' }));
});

afterAll(() => closeIsoStack({ stack, chain, client }));

const sql = <T>(text: string, params: unknown[] = []) => query<T>(stack.databaseUrl, text, params);
const idOf = async (stan: string) => (await sql<{ id: string }>(`SELECT id FROM authorizations WHERE stan = $1`, [stan]))[0].id;

/** Money moved from the card wallet by its key holder, not by the bridge (what reconciliation must catch). */
async function transferOutsideBridge(to: string, value: bigint): Promise<string> {
  const owner = KeyStore.fromMnemonicFile(join(stack.dataDir, 'secrets', 'wallet.mnemonic'))
    .signer(CARD_WALLET_PATH(0))
    .connect(chain.provider) as unknown as Wallet;
  const tx = await new Contract(stack.seed.tokenAddress, ['function transfer(address,uint256) returns (bool)'], owner).getFunction('transfer')(to, value);
  await tx.wait();
  return tx.hash as string;
}

describe('reconciliation against the chain (each class produced for real on anvil)', () => {
  it('classifies matched, reverted, refund failed, double payment, paid outside the bridge; flags them for ops', async () => {
    const matched = named(await client.request(demoAuthorization({ amount: '1.11' })));
    const declined = named(await client.request(demoAuthorization({ expiry: '2001' })));
    // A payout address the token refuses (EIP-20 transfer to the zero address reverts).
    const [m] = await sql<{ chain: string }>(`SELECT chain FROM merchants LIMIT 1`);
    await sql(
      `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, payout_address) VALUES ($1,'123456','RECONREVERT01','Reverting payout',$2,'USDC','FIXED',$3)`,
      [randomUUID(), m.chain, '0x0000000000000000000000000000000000000000'],
    );
    const reverted = named(await client.request(demoAuthorization({ merchantId: 'RECONREVERT01', amount: '3.33' })));
    // Reversed at a static-integration merchant: no exchange to refund through → refund FAILED.
    const reversedRequest = demoAuthorization({ amount: '4.44' });
    const reversed = named(await client.request(reversedRequest));
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE status IN ('SIGNED','SUBMITTED')`)).length === 0, 30_000);
    expect(named(await client.request({ mti: '0400', fields: reversedRequest.fields })).responseCode).toBe('00');
    const doubled = named(await client.request(demoAuthorization({ amount: '2.22' })));
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE status IN ('SIGNED','SUBMITTED')`)).length === 0, 30_000);
    await eventually(async () => (await sql(`SELECT 1 FROM refund_requests WHERE status = 'FAILED'`)).length === 1, 30_000);
    // After every bridge payment (the key holder's transfers take nonces the bridge does not know about):
    await transferOutsideBridge(stack.seed.merchantAddress, BigInt(decodeDe48(doubled.additionalData)['04']));
    const stray = await transferOutsideBridge(Wallet.createRandom().address, 770_000n);

    const res = await fetch(`http://127.0.0.1:${stack.httpPort}/ops/reconciliation/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.opsKeys.operator },
      body: '{}',
    });
    expect(res.status).toBe(201);
    const summary = (await res.json()) as { runId: string; byClass: Record<string, number> };
    const items = (await (
      await fetch(`http://127.0.0.1:${stack.httpPort}/ops/reconciliation/runs/${summary.runId}`, { headers: { 'x-api-key': stack.opsKeys.readOnly } })
    ).json()) as { authorization_id: string | null; tx_hash: string | null; classification: string }[];
    const classOf = async (stan: string) => {
      const id = await idOf(stan);
      return items.find((i) => i.authorization_id === id)?.classification;
    };
    expect(await classOf(matched.stan)).toBe('MATCHED');
    expect(await classOf(declined.stan)).toBe('MATCHED');
    expect(await classOf(reverted.stan)).toBe('FAILED');
    expect(await classOf(reversed.stan)).toBe('REFUND_FAILED');
    expect(await classOf(doubled.stan)).toBe('DOUBLE_PAYMENT');
    expect(items.filter((i) => i.classification === 'PAID_OUTSIDE_BRIDGE').map((i) => i.tx_hash)).toEqual([stray]);
    const [flag] = await sql<{ needs_review: boolean; review_reason: string }>(`SELECT needs_review, review_reason FROM authorizations WHERE id = $1`, [
      await idOf(doubled.stan),
    ]);
    expect(flag).toEqual({ needs_review: true, review_reason: 'RECONCILIATION:DOUBLE_PAYMENT' });
    const readOnlyRun = await fetch(`http://127.0.0.1:${stack.httpPort}/ops/reconciliation/run`, {
      method: 'POST',
      headers: { 'x-api-key': stack.opsKeys.readOnly },
    });
    expect(readOnlyRun.status).toBe(403);
  });
});

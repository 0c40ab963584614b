import { JsonRpcProvider } from 'ethers';
import { query } from './query';
import { receiptOf } from './receipt-of';

/** The receipt status (1: success) of the payment made for the 0100 with `stan`, once mined (10 s at most). */
export async function minedStatusOf(databaseUrl: string, rpcUrl: string, stan: string): Promise<number | null | undefined> {
  const [payment] = await query<{ tx_hash: string }>(
    databaseUrl,
    `SELECT p.tx_hash FROM payments p JOIN authorizations a ON a.id = p.authorization_id WHERE a.stan = $1 AND a.mti = '0100'`,
    [stan],
  );
  if (!payment) throw new Error(`no payment for STAN ${stan}`);
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  try {
    return (await receiptOf(provider, payment.tx_hash)).status;
  } finally {
    provider.destroy();
  }
}

import type { DataSource } from 'typeorm';
import { WalletDirectory, type WalletInfo } from './wallet-directory';

const WALLET: WalletInfo = {
  id: 'w1',
  address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  custody: 'CUSTODIAL',
  keyPath: "m/44'/60'/0'/0/0",
  spenderWalletId: null,
};

describe('WalletDirectory', () => {
  it('a wallet remembered from its card read is found without a query; another is queried once', async () => {
    const queries: unknown[][] = [];
    const db = {
      query: async (_sql: string, params: unknown[]) => {
        queries.push(params);
        return [{ id: 'w2', address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', custody: 'DELEGATED', key_path: null, spender_wallet_id: 'w1' }];
      },
    } as unknown as DataSource;
    const directory = new WalletDirectory(db);
    expect(directory.remember(WALLET)).toBe(WALLET);
    expect(await directory.find('w1')).toBe(WALLET);
    expect(queries).toEqual([]);
    expect(await directory.find('w2')).toMatchObject({ id: 'w2', custody: 'DELEGATED', keyPath: null, spenderWalletId: 'w1' });
    await directory.find('w2');
    expect(queries).toEqual([['w2']]);
  });
});

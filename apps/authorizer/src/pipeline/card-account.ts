import type { CardAccountEntity } from '@bridge/persistence';

/** What the pipeline needs of a card account. */
export type CardAccount = Pick<CardAccountEntity, 'id' | 'expiry' | 'funding' | 'status' | 'walletId'>;

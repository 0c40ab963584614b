import type { CardAccountEntity } from '@bridge/persistence';
import type { WalletInfo } from '../settlement/wallet-directory';

/**
 * What the pipeline needs of a card account. `wallet`: the card wallet's row, read with the card in the
 * RECEIVED insert's round trip, so a card that has not paid for a while costs no lookup of its own.
 */
export type CardAccount = Pick<CardAccountEntity, 'id' | 'expiry' | 'funding' | 'status' | 'walletId'> & { readonly wallet?: WalletInfo };

/** BIP-44 paths (coin type 60, EIP-155 chains) of the bridge's key store. */
export const CARD_WALLET_PATH = (index: number): string => `m/44'/60'/0'/0/${index}`;
/** The exchange's own payout account in the embedded demo: a separate BIP-44 account. */
export const EXCHANGE_PAYOUT_PATH = (index: number): string => `m/44'/60'/1'/0/${index}`;
/** Delegated (self-custodial) demo cardholder: the seed holds this key only to set up the allowance. */
export const DEMO_HOLDER_PATH = (index: number): string => `m/44'/60'/2'/0/${index}`;
/** The bridge's spender for delegated cards: holds allowances, calls transferFrom, pays the gas. */
export const SPENDER_PATH = (index: number): string => `m/44'/60'/3'/0/${index}`;

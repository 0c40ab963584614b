/** The demo data seeded on every start (README "Demo data"). Test PANs only: never real cards. */
export const DEMO = {
  cryptoCard: { pan: '4761739001010119', expiry: '3012', walletIndex: 0 }, // demo PAN from the issue, Luhn-valid
  fiatCard: { pan: '4761739001010234', expiry: '3012' }, // demo fiat-funded card, Luhn-valid
  merchant: { acquirerId: '123456', merchantId: 'CRYPTOMERCH0001', name: 'Crypto Merchant Demo', payoutIndex: 0 },
  fundingUsdc: 1_000_000_000n, // 1,000 USDC at 6 decimals
  fundingEth: 10n * 10n ** 18n, // 10 ETH for gas
  rates: [
    { currencyNumeric: '840', rate: '1', spreadBps: 0 }, // USD → USDC at par
    { currencyNumeric: '978', rate: '1.08', spreadBps: 50 },
    { currencyNumeric: '826', rate: '1.27', spreadBps: 50 },
    { currencyNumeric: '392', rate: '0.0067', spreadBps: 50 },
  ],
} as const;

/** Anvil's well-known first dev account: deployer and faucet on a local chain only (chain 31337). */
export const ANVIL_DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const DEV_CHAIN_ID = 31337n;

/** The demo data seeded on every start (README "Demo data"). Test PANs only: never real cards. */
export const DEMO = {
  cryptoCard: { pan: '4761739001010119', expiry: '3012', walletIndex: 0 }, // demo PAN from the issue, Luhn-valid
  fiatCard: { pan: '4761739001010234', expiry: '3012' }, // demo fiat-funded card, Luhn-valid
  delegatedCard: { pan: '4761739001010341', expiry: '3012', holderIndex: 0, spenderIndex: 0 }, // demo self-custodial card (allowance)
  merchant: { acquirerId: '123456', merchantId: 'CRYPTOMERCH0001', name: 'Crypto Merchant Demo', payoutIndex: 0 },
  exchangeMerchant: { acquirerId: '123456', merchantId: 'CRYPTOMERCH0003', name: 'Crypto Merchant Demo (exchange-provided addresses)' },
  // The reference exchange never answers its deposit-address requests: DE39 91 on demand (a sandbox's magic value).
  silentExchangeMerchant: { acquirerId: '123456', merchantId: 'CRYPTOMERCH0091', name: 'Crypto Merchant Demo (its exchange never answers: DE39 91)' },
  ethMerchant: { acquirerId: '123456', merchantId: 'CRYPTOMERCH0002', name: 'Crypto Merchant Demo (ETH payout)', payoutIndex: 1 },
  delegatedFundingUsdc: 500_000_000n, // 500 USDC in the cardholder's own wallet
  delegatedAllowanceUsdc: 100_000_000n, // of which 100 USDC approved to the bridge's spender
  holderEth: 10n ** 18n, // 1 ETH: the cardholder pays the approve() gas
  fundingUsdc: 1_000_000_000n, // 1,000 USDC at 6 decimals
  fundingEth: 10n * 10n ** 18n, // 10 ETH for gas
  ethRates: [{ currencyNumeric: '840', rate: '0.0004', spreadBps: 50 }], // 1 USD = 0.0004 ETH
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

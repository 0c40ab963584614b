/** The ops API's figures (`/ops/stats`, `/ops/daily-totals`): what the authorizer returns and the dashboard reads. */
export interface MinutePoint {
  minute: string;
  approved: number;
  declined: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface Stats {
  windowMinutes: number;
  approved: number;
  declined: number;
  byResponseCode: Record<string, number>;
  p95Ms: number | null;
  openExceptions: number;
  pendingPayments: number;
  series: MinutePoint[];
}

export interface DailyTotal {
  day: string;
  merchantId: string;
  assetSymbol: string;
  currency: string;
  count: number;
  /** Sum of DE4 in the currency's minor units (ISO 4217 exponent from DE49), as a decimal string. */
  fiatMinor: string;
  fiatExponent: number;
  /** Sum of the crypto amounts in the asset's base units. */
  cryptoBaseUnits: string;
  /** Gas paid for these payments, in wei of the chain's native coin (receipt gasUsed × effectiveGasPrice). */
  gasFeesWei: string;
  /** Payments not mined yet, whose gas is not in gasFeesWei. */
  unminedPayments: number;
}

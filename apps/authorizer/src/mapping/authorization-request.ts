/** An 0100/0101 in domain terms: named, typed, amounts in bigint minor units. */
export interface AuthorizationRequest {
  readonly mti: string;
  readonly pan: string;
  readonly processingCode: string;
  readonly amountMinor: bigint;
  readonly transmissionDateTime: string;
  readonly stan: string;
  readonly localTime?: string;
  readonly localDate?: string;
  readonly expiry?: string;
  readonly merchantType?: string;
  readonly posEntryMode?: string;
  readonly acquirerId: string;
  readonly rrn?: string;
  readonly terminalId: string;
  readonly merchantId: string;
  readonly currencyNumeric: string;
  /** Every field as received, by name, for the echo in the response. */
  readonly echo: Readonly<Record<string, string | Buffer>>;
}

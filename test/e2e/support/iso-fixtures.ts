import { DIALECT_1987_ASCII, toNamedFields, type IsoMessage } from '@bridge/iso8583';
import { buildAuthorization, type AuthorizationInput } from '../../../tools/harness/build-authorization';
import { DEMO } from '../../../tools/dev/demo-data';

let stan = Math.floor(Math.random() * 500_000);

/** A fresh STAN per message, unique within a test run. */
export function nextStan(): string {
  stan = (stan + 1) % 1_000_000;
  return String(stan).padStart(6, '0');
}

/** An 0100 for the demo crypto card at the demo merchant; any field can be overridden. */
export function demoAuthorization(overrides: Partial<AuthorizationInput> = {}): IsoMessage {
  return buildAuthorization({
    pan: DEMO.cryptoCard.pan,
    expiry: DEMO.cryptoCard.expiry,
    amount: '1.00',
    currency: 'USD',
    merchantId: DEMO.merchant.merchantId,
    acquirerId: DEMO.merchant.acquirerId,
    terminalId: 'TERM0001',
    mcc: '5999',
    posEntryMode: '051',
    stan: nextStan(),
    ...overrides,
  });
}

export const named = (m: IsoMessage) => toNamedFields(m, DIALECT_1987_ASCII) as Record<string, string>;

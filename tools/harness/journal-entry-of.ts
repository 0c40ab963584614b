import { DIALECT_1987_ASCII, toNamedFields, type IsoMessage } from '@bridge/iso8583';
import type { JournalEntry } from './journal';

/** The journal's record of an authorization request: everything to reverse it, no PAN. */
export function journalEntryOf(request: IsoMessage): JournalEntry {
  const f = toNamedFields(request, DIALECT_1987_ASCII) as Record<string, string>;
  return {
    mti: request.mti,
    stan: f.stan,
    rrn: f.rrn,
    transmissionDateTime: f.transmissionDateTime,
    acquirerId: f.acquirerId,
    terminalId: f.terminalId,
    merchantId: f.merchantId,
    amount: f.amountTransaction,
    currency: f.currencyCode,
    expiry: f.expiry,
    processingCode: f.processingCode,
    sentAt: new Date().toISOString(),
  };
}

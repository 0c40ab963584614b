import type { De70 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, fromNamedFields, type IsoMessage } from '@bridge/iso8583';
import type { JournalEntry } from './journal';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** DE7 MMDDhhmmss in UTC. */
export function transmissionDateTime(now = new Date()): string {
  return pad(now.getUTCMonth() + 1) + pad(now.getUTCDate()) + pad(now.getUTCHours()) + pad(now.getUTCMinutes()) + pad(now.getUTCSeconds());
}

/** 0800 network management: 001 sign-on, 002 sign-off, 301 echo. */
export function buildNetworkManagement(code: De70, stan: string): IsoMessage {
  return fromNamedFields('0800', { transmissionDateTime: transmissionDateTime(), stan, networkManagementCode: code }, DIALECT_1987_ASCII);
}

/** 0400 (or 0420) reversing a journaled authorization, pointing at it with DE90. */
export function buildReversal(original: JournalEntry, stan: string, mti: '0400' | '0420' = '0400'): IsoMessage {
  const de90 = `${original.mti}${original.stan}${original.transmissionDateTime}${original.acquirerId.padStart(11, '0')}${'0'.repeat(11)}`;
  return fromNamedFields(
    mti,
    {
      processingCode: original.processingCode,
      amountTransaction: original.amount,
      transmissionDateTime: transmissionDateTime(),
      stan,
      acquirerId: original.acquirerId,
      rrn: original.rrn,
      terminalId: original.terminalId,
      merchantId: original.merchantId,
      currencyCode: original.currency,
      originalDataElements: de90,
    },
    DIALECT_1987_ASCII,
  );
}

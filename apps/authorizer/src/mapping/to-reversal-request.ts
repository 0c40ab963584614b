import { DIALECT_1987_ASCII, IsoMessage, toNamedFields } from '@bridge/iso8583';
import { parseOriginalDataElements, type ReversalRequest } from './reversal-request';

const MANDATORY = ['stan', 'transmissionDateTime', 'acquirerId', 'terminalId'] as const;

/** Maps a reversal; DE90 is optional (without it the reversal carries the original's own key). */
export function toReversalRequest(message: IsoMessage): ReversalRequest | undefined {
  const f = toNamedFields(message, DIALECT_1987_ASCII);
  for (const name of MANDATORY) if (typeof f[name] !== 'string') return undefined;
  const de90 = f.originalDataElements;
  return {
    mti: message.mti,
    acquirerId: f.acquirerId as string,
    stan: f.stan as string,
    transmissionDateTime: f.transmissionDateTime as string,
    terminalId: f.terminalId as string,
    original: typeof de90 === 'string' ? parseOriginalDataElements(de90) : undefined,
    echo: f,
  };
}

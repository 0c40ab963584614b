import { decodeDe48 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, maskPan, toNamedFields, type IsoMessage } from '@bridge/iso8583';
import { formatResponseTable } from './format-response-table';

/** The answer as readable fields: PAN masked, binary as hex, DE48 subelements decoded. */
export function describeResponse(
  answer: IsoMessage,
  roundTripMs: number,
): { response: Record<string, string>; de48: Record<string, string>; roundTripMs: number } {
  const named = toNamedFields(answer, DIALECT_1987_ASCII);
  const response: Record<string, string> = { mti: answer.mti };
  for (const [k, v] of Object.entries(named)) response[k] = k === 'pan' ? maskPan(String(v)) : Buffer.isBuffer(v) ? v.toString('hex') : v;
  const de48 = typeof named.additionalData === 'string' ? decodeDe48(named.additionalData) : {};
  return { response, de48, roundTripMs: Number(roundTripMs.toFixed(1)) };
}

export function printResponse(answer: IsoMessage, roundTripMs: number, json: boolean): void {
  if (json) return console.log(JSON.stringify(describeResponse(answer, roundTripMs)));
  console.log(formatResponseTable(answer));
  console.log(`round trip ${Number(roundTripMs.toFixed(1))} ms`);
}

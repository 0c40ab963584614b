import type { De39 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, fromNamedFields, IsoMessage, responseMti, toNamedFields } from '@bridge/iso8583';
import { ECHOED } from './to-authorization-response';

/** A response carrying only the echoed fields and DE39: malformed (30), unsupported (12), network management (00). */
export function toSimpleResponse(request: IsoMessage, responseCode: De39, extraEcho: readonly string[] = []): IsoMessage {
  const named = toNamedFields(request, DIALECT_1987_ASCII);
  const fields: Record<string, string | Buffer> = {};
  for (const name of [...ECHOED, ...extraEcho]) if (named[name] !== undefined) fields[name] = named[name];
  fields.responseCode = responseCode;
  return fromNamedFields(responseMti(request.mti), fields, DIALECT_1987_ASCII);
}

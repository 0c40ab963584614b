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

/** The same from an already named echo (domain requests keep their fields by name). */
export function toSimpleResponseFromEcho(requestMti: string, echo: Readonly<Record<string, string | Buffer>>, responseCode: De39): IsoMessage {
  const fields: Record<string, string | Buffer> = {};
  for (const name of ECHOED) if (echo[name] !== undefined) fields[name] = echo[name];
  if (echo.originalDataElements !== undefined) fields.originalDataElements = echo.originalDataElements;
  fields.responseCode = responseCode;
  return fromNamedFields(responseMti(requestMti), fields, DIALECT_1987_ASCII);
}

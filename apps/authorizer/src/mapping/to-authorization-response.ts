import { DE39_APPROVED, de39For, encodeDe48 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, fromNamedFields, IsoMessage, NamedFields, responseMti } from '@bridge/iso8583';
import type { SettlementIndicator } from '../config/authorizer-config';
import type { AuthorizationResult } from './authorization-result';

/** Fields a 0110 echoes from the request (ISO 8583 response-echo practice; harnesses match on 11/41). */
export const ECHOED = [
  'pan',
  'processingCode',
  'amountTransaction',
  'transmissionDateTime',
  'stan',
  'localTime',
  'localDate',
  'acquirerId',
  'rrn',
  'terminalId',
  'merchantId',
  'currencyCode',
] as const;

/**
 * Builds the response. On approval DE48 tag 01 = "N" says clearing and settlement are not
 * required (settled on-chain); the patent's variant puts the indicator in DE39 (85 or 01) instead.
 */
export function toAuthorizationResponse(requestMti: string, echo: NamedFields, result: AuthorizationResult, indicator: SettlementIndicator): IsoMessage {
  const fields: NamedFields = {};
  for (const name of ECHOED) if (echo[name] !== undefined) fields[name] = echo[name];
  if (!result.approved) {
    fields.responseCode = de39For(result.reason);
    return fromNamedFields(responseMti(requestMti), fields, DIALECT_1987_ASCII);
  }
  fields.responseCode = indicator === 'de48' ? DE39_APPROVED : indicator === 'de39-85' ? '85' : '01';
  fields.approvalCode = result.approvalCode;
  fields.additionalData = encodeDe48({
    clearingIndicator: indicator === 'de48' ? 'N' : undefined,
    chain: result.chain,
    txHash: result.txHash,
    cryptoAmount: result.cryptoAmount.toString(),
    assetSymbol: result.assetSymbol,
  });
  return fromNamedFields(responseMti(requestMti), fields, DIALECT_1987_ASCII);
}

/** What a repeat needs besides the echo: the decision fields of the answer that was sent. */
export const DECISION_FIELDS = ['responseCode', 'approvalCode', 'additionalData'] as const;

/** Rebuilds a stored answer for a repeat: the repeat's own echo plus the stored decision fields. */
export function toReplayedResponse(requestMti: string, echo: NamedFields, decision: Readonly<Record<string, string>>): IsoMessage {
  const fields: NamedFields = {};
  for (const name of ECHOED) if (echo[name] !== undefined) fields[name] = echo[name];
  for (const name of DECISION_FIELDS) if (decision[name] !== undefined) fields[name] = decision[name];
  return fromNamedFields(responseMti(requestMti), fields, DIALECT_1987_ASCII);
}

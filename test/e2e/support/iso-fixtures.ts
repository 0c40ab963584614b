import { DIALECT_1987_ASCII, toNamedFields, type IsoMessage } from '@bridge/iso8583';
import { buildAuthorization, DEMO_AUTHORIZATION, type AuthorizationInput } from '../../../tools/harness/build-authorization';

let stan = Math.floor(Math.random() * 500_000);

/** A fresh STAN per message, unique within a test run. */
export function nextStan(): string {
  stan = (stan + 1) % 1_000_000;
  return String(stan).padStart(6, '0');
}

/** An 0100 for the demo crypto card at the demo merchant; any field can be overridden. */
export function demoAuthorization(overrides: Partial<AuthorizationInput> = {}): IsoMessage {
  return buildAuthorization({ ...DEMO_AUTHORIZATION, stan: nextStan(), ...overrides });
}

export const named = (m: IsoMessage) => toNamedFields(m, DIALECT_1987_ASCII) as Record<string, string>;

import type { Dialect } from './field-spec';
import type { IsoMessage } from './iso-message';

/** PAN truncation per PCI DSS 3.4: first six and last four digits at most. */
export function maskPan(pan: string): string {
  if (pan.length < 11) return '*'.repeat(pan.length);
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}

/**
 * The only way a message reaches a log: DE2 truncated, and every field flagged sensitive in the
 * dialect (DE14, 35, 36, 45, 52, 55) replaced by its length. Binary fields print as hex.
 */
export function redactIso(message: IsoMessage, dialect: Dialect): Record<string, string> {
  const out: Record<string, string> = { mti: message.mti };
  for (const [n, value] of message.fields) {
    const spec = dialect.fields[n];
    const key = `${n}.${spec?.name ?? 'unknown'}`;
    if (spec?.sensitive === 'pan') out[key] = maskPan(String(value));
    else if (spec?.sensitive === 'mask') out[key] = `[${value.length} ${Buffer.isBuffer(value) ? 'bytes' : 'chars'} masked]`;
    else out[key] = Buffer.isBuffer(value) ? value.toString('hex') : value;
  }
  return out;
}

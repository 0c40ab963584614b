import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/** HMAC-SHA256 of the PAN: how a card is found without storing its number. */
export class PanTokenizer {
  private constructor(private readonly key: Buffer) {}

  static fromHex(hex: string, variable = 'PAN_HMAC_KEY'): PanTokenizer {
    if (!/^[0-9a-fA-F]{64,}$/.test(hex.trim())) throw new ConfigError(variable, 'must be at least 32 bytes of hex');
    return new PanTokenizer(Buffer.from(hex.trim(), 'hex'));
  }

  static fromFile(path: string): PanTokenizer {
    return PanTokenizer.fromHex(readFileSync(path, 'utf8'), 'PAN_HMAC_KEY_FILE');
  }

  token(pan: string): string {
    return createHmac('sha256', this.key).update(pan).digest('hex');
  }
}

import { createHash } from 'node:crypto';

/** API keys are stored as SHA-256: high-entropy random keys need no slow hash, and never sit in clear. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key.trim()).digest('hex');
}

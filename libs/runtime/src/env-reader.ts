import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

/** Typed reads of environment variables, each failing with the variable's name. */
export class EnvReader {
  constructor(private readonly env: Env = process.env) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(name, 'is required');
  }

  /** NAME, or the trimmed content of the file named by NAME_FILE (how secrets are passed). */
  secret(name: string): string | undefined {
    const direct = this.optional(name);
    if (direct !== undefined) return direct;
    const file = this.optional(`${name}_FILE`);
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      throw new ConfigError(`${name}_FILE`, 'cannot be read');
    }
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const text = this.optional(name);
    if (text === undefined) return fallback;
    if (!/^[0-9]+$/.test(text)) throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(text)}`);
    const value = Number(text);
    if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}`);
    return value;
  }

  port(name: string, fallback: number): number {
    return this.int(name, fallback, 0, 65535);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!allowed.includes(value as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  url(name: string, protocols: readonly string[], fallback?: string): string {
    const value = this.string(name, fallback);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, 'is not a URL'); // the value may hold credentials: not echoed
    }
    if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `protocol must be one of ${protocols.join(', ')}`);
    return value;
  }
}

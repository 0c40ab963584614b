import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { hashApiKey, TtlCache } from '@bridge/runtime';

export type OpsRole = 'READ_ONLY' | 'OPERATOR';
export const REQUIRED_ROLE = 'ops:required-role';
/** Routes that change something need an operator key; reading needs any valid key. */
export const RequiresOperator = () => SetMetadata(REQUIRED_ROLE, 'OPERATOR');

export interface OpsCaller {
  id: string;
  role: OpsRole;
}

const CACHE_MS = 10_000;

/** `x-api-key` (or `Authorization: Bearer`) checked against the SHA-256 of active keys: 401 without, 403 for too weak a role. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** Valid keys only: an unknown key is not kept, so keys sent at random cannot grow it. */
  private readonly cache = new TtlCache<string, OpsCaller | null>(CACHE_MS, { keep: (caller) => caller !== null });

  constructor(
    private readonly db: DataSource,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; opsCaller?: OpsCaller }>();
    const key = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '');
    const caller = key ? await this.lookup(hashApiKey(key)) : null;
    if (!caller) throw new UnauthorizedException('a valid API key is required (x-api-key)');
    const required = this.reflector.get<OpsRole | undefined>(REQUIRED_ROLE, context.getHandler());
    if (required === 'OPERATOR' && caller.role !== 'OPERATOR') throw new ForbiddenException('an operator key is required');
    request.opsCaller = caller;
    return true;
  }

  private lookup(hash: string): Promise<OpsCaller | null> {
    return this.cache.get(hash, async () => {
      const [row] = (await this.db.query(`SELECT id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [hash])) as OpsCaller[];
      return row ?? null;
    });
  }
}

import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { hashApiKey } from '@bridge/runtime';
import { ApiKeyGuard } from './api-key.guard';

function contextWith(key: string): ExecutionContext {
  const request = { headers: { 'x-api-key': key } };
  return { switchToHttp: () => ({ getRequest: () => request }), getHandler: () => undefined } as unknown as ExecutionContext;
}

describe('ApiKeyGuard', () => {
  const reflector = { get: () => undefined } as unknown as Reflector;

  it('keeps valid keys for a while (one query for many requests)', async () => {
    const query = jest.fn().mockResolvedValue([{ id: 'k1', role: 'READ_ONLY' }]);
    const guard = new ApiKeyGuard({ query } as unknown as DataSource, reflector);
    for (let i = 0; i < 5; i++) await expect(guard.canActivate(contextWith('good-key'))).resolves.toBe(true);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][1]).toEqual([hashApiKey('good-key')]);
  });

  it('keeps no unknown key: random keys cannot grow the cache, and a key created after a refusal works at once', async () => {
    const rows: Record<string, { id: string; role: string }[]> = {};
    const query = jest.fn(async (_sql: string, [hash]: string[]) => rows[hash] ?? []);
    const guard = new ApiKeyGuard({ query } as unknown as DataSource, reflector);
    await expect(guard.canActivate(contextWith('new-key'))).rejects.toBeInstanceOf(UnauthorizedException);
    rows[hashApiKey('new-key')] = [{ id: 'k2', role: 'OPERATOR' }]; // created through the ops API
    await expect(guard.canActivate(contextWith('new-key'))).resolves.toBe(true);
    expect(query).toHaveBeenCalledTimes(2);
    const cache = (guard as unknown as { cache: { entries: Map<string, unknown> } }).cache;
    expect(cache.entries.size).toBe(1);
  });
});

import { assertPortFree } from '@bridge/runtime';
import type { StackPorts } from './bridge-stack';

/**
 * The apps' listeners, checked before PostgreSQL and anvil start: a taken port is named with its
 * setting at once, rather than as an app's EADDRINUSE stack trace after the database and chain came up.
 * Each on the host the app will bind (README "Configuration"); the app's own bind stays the last word.
 */
export async function assertAppPortsFree(ports: StackPorts, env: NodeJS.ProcessEnv): Promise<void> {
  const listeners: [name: string, port: number, setting: string, host: string | undefined][] = [
    ['the ISO 8583 listener', ports.iso, 'ISO_PORT', env.ISO_HOST],
    ["the authorizer's HTTP server", ports.http, 'HTTP_PORT', env.HTTP_HOST],
    ["the exchange adapter's admin API", ports.adapterHttp, 'EXCHANGE_ADAPTER_HTTP_PORT', env.EXCHANGE_ADAPTER_HTTP_HOST],
    ['the reference exchange', ports.referenceExchange, 'REFERENCE_EXCHANGE_PORT', undefined],
  ];
  // Over NATS the adapter's microservice opens no TCP port of its own.
  if (!env.NATS_URL) listeners.push(['the exchange adapter', ports.adapter, 'EXCHANGE_ADAPTER_PORT', env.EXCHANGE_ADAPTER_HOST]);
  for (const [name, port, setting, host] of listeners) await assertPortFree(port, name, setting, host || '127.0.0.1');
}

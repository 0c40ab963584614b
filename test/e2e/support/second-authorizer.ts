import type { AppProcess } from '../../../tools/dev/spawn-app';
import { IsoClient } from '../../../tools/harness/iso-client';
import { freePort } from './free-port';
import type { TestStack } from './test-stack';

export interface SecondAuthorizer {
  readonly app: AppProcess;
  readonly client: IsoClient;
  /** Stops the process (SIGKILL: as a crash), then closes the connection. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Another authorizer beside the stack's own — same database and chain — on free ports, with `env`
 * (a chain RPC through a slow proxy, another deadline…), and one ISO 8583 connection to it.
 */
export async function startSecondAuthorizer(stack: TestStack, env: Record<string, string>): Promise<SecondAuthorizer> {
  const isoPort = await freePort();
  const app = await stack.restartApp('authorizer', { ...env, ISO_PORT: String(isoPort), HTTP_PORT: String(await freePort()) });
  const client = await IsoClient.connect('127.0.0.1', isoPort);
  return {
    app,
    client,
    stop: async (signal) => {
      await app.stop(signal);
      client.close();
    },
  };
}

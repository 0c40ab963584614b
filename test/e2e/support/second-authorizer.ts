import type { AppProcess } from '../../../tools/dev/spawn-app';
import { IsoClient } from '../../../tools/harness/iso-client';
import { freePort, PORT_TAKEN } from './free-port';
import type { TestStack } from './test-stack';

export interface SecondAuthorizer {
  readonly app: AppProcess;
  readonly isoPort: number;
  readonly client: IsoClient;
  /** Stops the process (SIGKILL: as a crash), then closes the connection. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Another authorizer beside the stack's own — same database and chain — on free ports, with `env`
 * (a chain RPC through a slow proxy, another deadline…), and one ISO 8583 connection to it.
 */
export async function startSecondAuthorizer(stack: TestStack, env: Record<string, string>): Promise<SecondAuthorizer> {
  const { app, isoPort } = await startOnFreePorts(stack, env);
  const client = await IsoClient.connect('127.0.0.1', isoPort);
  return {
    app,
    isoPort,
    client,
    stop: async (signal) => {
      await app.stop(signal);
      client.close();
    },
  };
}

/** A free port can be taken by another process before the app binds it: then it is started again on others. */
async function startOnFreePorts(stack: TestStack, env: Record<string, string>, attempt = 1): Promise<{ app: AppProcess; isoPort: number }> {
  const isoPort = await freePort();
  const httpPort = await freePort(); // never isoPort: freePort does not hand out a port twice
  try {
    return { app: await stack.restartApp('authorizer', { ...env, ISO_PORT: String(isoPort), HTTP_PORT: String(httpPort) }), isoPort };
  } catch (e) {
    if (attempt >= 3 || !PORT_TAKEN.test((e as Error).message)) throw e;
    return startOnFreePorts(stack, env, attempt + 1);
  }
}

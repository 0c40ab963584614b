import { createServer } from 'node:net';

/** Whether a server could listen on 127.0.0.1:port now (it listens, then closes at once). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Fails before a child server is spawned on a port another process holds. The child would only exit
 * with its own bind error, and a node of another project on anvil's port would answer our readiness
 * poll first, and the bridge would seed its demo on a foreign chain.
 */
export async function assertPortFree(port: number, server: string, setting: string): Promise<void> {
  if (await portIsFree(port)) return;
  throw new Error(`${server}'s port 127.0.0.1:${port} is taken by another process (Address already in use): stop that process or set ${setting}`);
}

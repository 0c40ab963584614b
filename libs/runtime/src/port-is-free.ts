import { createServer } from 'node:net';

/** The error code of listening on host:port now, or undefined if it could (it listens, then closes at once). */
function bindError(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'ERROR'));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/** Whether a server could listen on host:port now. */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await bindError(port, host)) === undefined;
}

/**
 * Fails before a child server is spawned on a port another process holds. The child would only exit
 * with its own bind error, and a node of another project on anvil's port would answer our readiness
 * poll first, and the bridge would seed its demo on a foreign chain. Any other bind error (an address
 * not on this machine, a privileged port) is left for the server itself to report.
 */
export async function assertPortFree(port: number, server: string, setting: string, host = '127.0.0.1'): Promise<void> {
  if ((await bindError(port, host)) !== 'EADDRINUSE') return;
  throw new Error(`${server}'s port ${host}:${port} is taken by another process (Address already in use): stop that process or set ${setting}`);
}

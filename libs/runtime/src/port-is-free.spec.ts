import { createServer, type Server } from 'node:net';
import { assertPortFree, portIsFree } from './port-is-free';

describe('assertPortFree', () => {
  let held: Server;
  let port: number;
  beforeAll(async () => {
    held = createServer();
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
    port = (held.address() as { port: number }).port;
  });
  afterAll(() => held.listening && held.close());

  it('refuses a port another server holds, naming the server, the address and the setting', async () => {
    expect(await portIsFree(port)).toBe(false);
    await expect(assertPortFree(port, 'anvil', 'ANVIL_PORT')).rejects.toThrow(
      `anvil's port 127.0.0.1:${port} is taken by another process (Address already in use): stop that process or set ANVIL_PORT`,
    );
  });

  it('passes a free port, and leaves other bind errors (an address not on this machine) to the server itself', async () => {
    held.close();
    await new Promise((r) => setTimeout(r, 20));
    await expect(assertPortFree(port, 'anvil', 'ANVIL_PORT')).resolves.toBeUndefined();
    expect(await portIsFree(port, '192.0.2.1')).toBe(false); // TEST-NET-1 (RFC 5737): EADDRNOTAVAIL
    await expect(assertPortFree(port, 'the ISO 8583 listener', 'ISO_PORT', '192.0.2.1')).resolves.toBeUndefined();
  });
});

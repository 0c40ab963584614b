import { createServer, type AddressInfo, type Server } from 'node:net';
import { decodeIso, DIALECT_1987_ASCII, encodeIso, frame, FrameReader, responseMti } from '@bridge/iso8583';

/**
 * A loopback peer that answers every request with its response MTI and DE39 00, nothing else: a
 * target for warming the load generator's own code before the stack it measures has seen a message
 * (a network's client is warm when the bridge restarts; the generator's JIT must not count as the bridge's).
 */
export async function startApprovingPeer(): Promise<{ port: number; close: () => void }> {
  const server: Server = createServer((socket) => {
    const reader = new FrameReader('binary2', 65535);
    socket.on('data', (chunk: Buffer) => {
      for (const e of reader.push(chunk)) {
        if (e.kind !== 'frame') continue;
        const request = decodeIso(e.body, DIALECT_1987_ASCII);
        const fields = new Map(request.fields).set(39, '00');
        socket.write(frame('binary2', encodeIso({ mti: responseMti(request.mti), fields }, DIALECT_1987_ASCII)));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

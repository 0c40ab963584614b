import { createServer, type AddressInfo } from 'node:net';
import { DIALECT_1987_ASCII, encodeIso, frame, FrameReader, responseMti, scanFields } from '@bridge/iso8583';

/**
 * A loopback peer that answers every request with its response MTI and DE39 00, nothing else, and at
 * little cost of its own (fields scanned without the engine's cross-check, one write per read): what
 * the load generator is measured against (bench:harness) or warmed against before the stack it
 * measures has seen a message (bench:cold — a network's client is warm when the bridge restarts).
 */
export async function startApprovingPeer(): Promise<{ port: number; close: () => void }> {
  const server = createServer((socket) => {
    const reader = new FrameReader('binary2', 65535);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      const answers: Buffer[] = [];
      for (const e of reader.push(chunk)) {
        if (e.kind !== 'frame') continue;
        const request = scanFields(e.body, DIALECT_1987_ASCII);
        const fields = new Map(request.fields).set(39, '00');
        answers.push(frame('binary2', encodeIso({ mti: responseMti(request.mti), fields }, DIALECT_1987_ASCII)));
      }
      if (answers.length) socket.write(Buffer.concat(answers));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

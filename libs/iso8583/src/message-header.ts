/**
 * An optional fixed header between the length header and the MTI. `tpdu`: the 5-byte Transport
 * Protocol Data Unit of many POS networks (ID 0x60, destination 2 bytes, source 2 bytes), answered
 * with destination and source swapped so the reply routes back.
 */
export type MessageHeaderKind = 'none' | 'tpdu';

export const MESSAGE_HEADER_BYTES: Record<MessageHeaderKind, number> = { none: 0, tpdu: 5 };

export function answerHeader(kind: MessageHeaderKind, header: Buffer): Buffer {
  if (kind === 'none') return Buffer.alloc(0);
  return Buffer.from([header[0], header[3], header[4], header[1], header[2]]);
}

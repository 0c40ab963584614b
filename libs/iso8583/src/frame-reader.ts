import { FramingKind, HEADER_BYTES, readLengthHeader } from './framing';

export type FrameEvent = { kind: 'frame'; body: Buffer } | { kind: 'keepalive' } | { kind: 'bad-header'; reason: string };

/**
 * Incremental de-framer for a TCP stream: frames split across segments and several frames in
 * one segment both come out whole. After a bad header the stream cannot be resynchronised,
 * so the caller must close the connection.
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private broken = false;

  constructor(
    private readonly kind: FramingKind,
    private readonly maxFrameBytes: number,
  ) {}

  push(chunk: Buffer): FrameEvent[] {
    if (this.broken) return [];
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const events: FrameEvent[] = [];
    const headerBytes = HEADER_BYTES[this.kind];
    while (this.buffered.length >= headerBytes) {
      const length = readLengthHeader(this.kind, this.buffered.subarray(0, headerBytes));
      if (length === undefined || length > this.maxFrameBytes) {
        this.broken = true;
        events.push({
          kind: 'bad-header',
          reason: length === undefined ? 'unreadable length header' : `frame length ${length} over maximum ${this.maxFrameBytes}`,
        });
        return events;
      }
      if (this.buffered.length < headerBytes + length) break;
      const body = this.buffered.subarray(headerBytes, headerBytes + length);
      this.buffered = this.buffered.subarray(headerBytes + length);
      events.push(length === 0 ? { kind: 'keepalive' } : { kind: 'frame', body });
    }
    return events;
  }
}

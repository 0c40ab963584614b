import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { corkForTick } from '@bridge/runtime';
import { answerHeader, FrameReader, frame, MESSAGE_HEADER_BYTES, type FramingKind, type MessageHeaderKind } from '@bridge/iso8583';

export interface ConnectionOptions {
  readonly framing: FramingKind;
  readonly header: MessageHeaderKind;
  readonly maxFrameBytes: number;
  readonly idleTimeoutMs: number;
  readonly maxInFlight: number;
}

/**
 * One network connection: de-frames, processes frames concurrently and writes each answer
 * as it is ready (out of order is fine: the peer matches on DE11). Reading pauses at the
 * in-flight cap and while the socket's write buffer drains.
 */
export class IsoConnection {
  private static readonly logger = new Logger('IsoConnection');
  private readonly reader: FrameReader;
  private inFlight = 0;
  private readonly queued: Buffer[] = [];
  private draining = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
    private readonly process: (body: Buffer) => Promise<Buffer | undefined>,
  ) {
    this.reader = new FrameReader(options.framing, options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.draining = false;
      this.updateFlow();
    });
    socket.on('error', (e) => IsoConnection.logger.debug(`socket error: ${e.message}`));
  }

  private onData(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) {
      if (event.kind === 'keepalive') continue;
      if (event.kind === 'bad-header') {
        IsoConnection.logger.warn(`closing ${this.socket.remoteAddress}:${this.socket.remotePort}: ${event.reason}`);
        this.socket.destroy();
        return;
      }
      this.queued.push(event.body);
    }
    this.pump();
  }

  /** Starts queued frames up to the in-flight cap; one TCP read can hold many frames. */
  private pump(): void {
    while (this.queued.length > 0 && this.inFlight < this.options.maxInFlight) this.handle(this.queued.shift()!);
    this.updateFlow();
  }

  private handle(body: Buffer): void {
    const headerBytes = MESSAGE_HEADER_BYTES[this.options.header];
    if (body.length < headerBytes) {
      this.socket.destroy(); // not even a header: nothing to answer to
      return;
    }
    const replyHeader = answerHeader(this.options.header, body.subarray(0, headerBytes));
    this.inFlight++;
    this.process(body.subarray(headerBytes))
      .then((answer) => (answer ? this.write(headerBytes ? Buffer.concat([replyHeader, answer]) : answer) : this.socket.destroy()))
      .catch((e) => {
        IsoConnection.logger.error(`unanswerable frame: ${(e as Error).message}`);
        this.socket.destroy();
      })
      .finally(() => {
        this.inFlight--;
        this.pump();
      });
  }

  private write(body: Buffer): void {
    if (this.socket.destroyed) return;
    corkForTick(this.socket); // answers of one batch go out in one write(2)
    if (!this.socket.write(frame(this.options.framing, body))) {
      this.draining = true;
      this.updateFlow();
    }
  }

  private updateFlow(): void {
    const stop = this.draining || this.inFlight >= this.options.maxInFlight || this.queued.length > 0;
    if (stop && !this.socket.isPaused()) this.socket.pause();
    else if (!stop && this.socket.isPaused()) this.socket.resume();
  }
}

import { connect, type Socket } from 'node:net';
import { decodeIso, DIALECT_1987_ASCII, encodeIso, frame, FrameReader, scanFields, type FramingKind, type IsoMessage } from '@bridge/iso8583';
import { corkForTick } from '@bridge/runtime';

export interface IsoClientOptions {
  readonly framing?: FramingKind;
  /** Bytes sent between the length header and the MTI (e.g. a 5-byte TPDU); the answer's is kept in `lastHeader`. */
  readonly header?: Buffer;
  readonly connectTimeoutMs?: number;
  /**
   * false: answers are decoded by the strict scan alone, without the iso_8583 engine's second reading
   * (decodeIso). The load generator runs on the machine it measures, and the engine's reading was about
   * a third of its allocations per answer; every other command keeps both.
   */
  readonly engineCrossCheck?: boolean;
}

/** How often deadlines are checked: a timeout is reported up to this late. */
const SWEEP_MS = 25;

/**
 * The clients with requests waiting, swept by one timer for all of them: a timer per connection woke
 * a load run's process 40 times a second per connection (8 connections at 200/s: more wake-ups than
 * answers), and on a small VM each wake-up costs more than an answer's decoding.
 */
const waitingClients = new Set<IsoClient>();
let sweeper: NodeJS.Timeout | undefined;

function watch(client: IsoClient): void {
  waitingClients.add(client);
  sweeper ??= setInterval(() => {
    const now = performance.now();
    for (const c of waitingClients) if (!c.sweep(now)) waitingClients.delete(c);
    if (waitingClients.size) return;
    clearInterval(sweeper);
    sweeper = undefined;
  }, SWEEP_MS);
}

interface Waiting {
  readonly resolve: (m: IsoMessage) => void;
  readonly reject: (e: Error) => void;
  readonly deadline: number;
  readonly timeoutMs: number;
}

/** Matches answers to requests by MTI class + DE11 (STAN), as network harnesses do. */
export class IsoClient {
  private readonly reader: FrameReader;
  /** Deadlines are checked by the shared sweep (`watch`), not a timer each: a load run makes thousands a second. */
  private readonly waiting = new Map<string, Waiting>();

  private readonly framing: FramingKind;
  private readonly header: Buffer;
  lastHeader?: Buffer;

  private constructor(
    private readonly socket: Socket,
    options: IsoClientOptions,
  ) {
    this.framing = options.framing ?? 'binary2';
    this.header = options.header ?? Buffer.alloc(0);
    this.reader = new FrameReader(this.framing, 65535);
    const decode = options.engineCrossCheck === false ? scanFields : decodeIso;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const e of this.reader.push(chunk)) {
        if (e.kind !== 'frame') continue;
        this.lastHeader = e.body.subarray(0, this.header.length);
        const message = decode(e.body.subarray(this.header.length), DIALECT_1987_ASCII);
        const key = String(message.fields.get(11) ?? '');
        this.waiting.get(key)?.resolve(message);
        this.waiting.delete(key);
      }
    });
  }

  static connect(host: string, port: number, options: IsoClientOptions = {}): Promise<IsoClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${port} timed out`)), options.connectTimeoutMs ?? 5_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new IsoClient(socket, options));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Sends a request and resolves with the answer carrying the same STAN, or rejects on timeout. */
  request(message: IsoMessage, timeoutMs = 5_000): Promise<IsoMessage> {
    return this.requestRaw(encodeIso(message, DIALECT_1987_ASCII), String(message.fields.get(11) ?? ''), timeoutMs);
  }

  /** Sends an already encoded body (tests of malformed input) and waits for the answer with `stan`. */
  requestRaw(body: Buffer, stan: string, timeoutMs = 5_000): Promise<IsoMessage> {
    return new Promise((resolve, reject) => {
      this.waiting.set(stan, { resolve, reject, deadline: performance.now() + timeoutMs, timeoutMs });
      watch(this);
      corkForTick(this.socket); // a closed loop sends its next requests in bursts: one write(2) each
      this.socket.write(frame(this.framing, this.header.length ? Buffer.concat([this.header, body]) : body));
    });
  }

  /** Rejects the requests past their deadline; false once none is waiting (the sweep drops the client). */
  sweep(now: number): boolean {
    for (const [stan, w] of this.waiting) {
      if (w.deadline > now) continue;
      this.waiting.delete(stan);
      w.reject(new Error(`no answer for STAN ${stan} within ${w.timeoutMs} ms`));
    }
    return this.waiting.size > 0;
  }

  /** Writes raw bytes (tests of malformed input). */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  onClose(listener: () => void): void {
    this.socket.once('close', listener);
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }
}

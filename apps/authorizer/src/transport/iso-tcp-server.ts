import { createServer, type Server as NetServer } from 'node:net';
import { CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { decodeIso, DIALECT_1987_ASCII, encodeIso, IsoCodecError, IsoMessage, salvageFields } from '@bridge/iso8583';
import { ISO_MALFORMED, ISO_UNHANDLED, type IsoInbound } from './iso-inbound';
import { IsoConnection, type ConnectionOptions } from './iso-connection';

export const ISO_TRANSPORT = Symbol('ISO8583_TCP');

export interface IsoTcpServerOptions extends ConnectionOptions {
  readonly host: string;
  readonly port: number;
}

/**
 * NestJS custom transport: ISO 8583 over TCP. Handlers are bound by MTI
 * (`@MessagePattern('0100', ISO_TRANSPORT)`) and return the response message.
 */
export class IsoTcpServer extends Server implements CustomTransportStrategy {
  override readonly transportId = ISO_TRANSPORT;
  private server?: NetServer;
  /**
   * Handlers by MTI, looked up once: Nest's lookup first tries JSON.parse on the pattern, which throws
   * for an MTI ("0100": leading zero) — an exception per message (1.5 % of the authorizer's CPU).
   */
  private readonly handlers = new Map<string, MessageHandler | null>();

  constructor(private readonly options: IsoTcpServerOptions) {
    super();
  }

  listen(callback: (...args: unknown[]) => void): void {
    this.server = createServer((socket) => new IsoConnection(socket, this.options, (body) => this.process(body)));
    this.server.on('error', (e) => callback(e));
    this.server.listen(this.options.port, this.options.host, () => callback());
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  on(): never {
    throw new Error('IsoTcpServer does not emit events');
  }

  unwrap<T>(): T {
    return this.server as T;
  }

  get address(): { port: number } | undefined {
    return this.server?.address() as { port: number } | undefined;
  }

  /** Decodes, dispatches by MTI and encodes the answer; undefined closes the connection. */
  private async process(body: Buffer): Promise<Buffer | undefined> {
    let inbound: IsoInbound;
    try {
      inbound = { kind: 'message', message: decodeIso(body, DIALECT_1987_ASCII) };
    } catch (e) {
      if (!IsoCodecError.isIsoCodecError(e)) throw e;
      const salvage = salvageFields(body, DIALECT_1987_ASCII);
      if (!salvage.mti) return undefined; // no MTI: nothing to answer to (issue: close the connection)
      this.logger.warn(`malformed ${salvage.mti}: ${e.message}`);
      inbound = { kind: 'malformed', partial: { mti: salvage.mti, fields: salvage.fields }, error: e };
    }
    const answer = await this.dispatch(inbound);
    return encodeIso(answer, DIALECT_1987_ASCII);
  }

  private async dispatch(inbound: IsoInbound): Promise<IsoMessage> {
    const pattern = inbound.kind === 'malformed' ? ISO_MALFORMED : inbound.message.mti;
    const handler = this.handlerFor(pattern) ?? this.handlerFor(ISO_UNHANDLED);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    // Nest hands back the controller's value as is unless an interceptor made it an Observable: no
    // Observable per message for the common case.
    const result: unknown = await handler(inbound);
    return isObservable(result) ? lastValueFrom(result as Observable<IsoMessage>) : (result as IsoMessage);
  }

  private handlerFor(pattern: string): MessageHandler | null {
    let handler = this.handlers.get(pattern);
    if (handler === undefined) this.handlers.set(pattern, (handler = this.getHandlerByPattern(pattern)));
    return handler;
  }
}

/** A 0400/0401/0420/0421 in domain terms. */
export interface ReversalRequest {
  readonly mti: string;
  readonly acquirerId: string;
  readonly stan: string;
  readonly transmissionDateTime: string;
  readonly terminalId: string;
  readonly original?: OriginalDataElements;
  readonly echo: Readonly<Record<string, string | Buffer>>;
}

/** DE90 (n42): original MTI 4, STAN 6, transmission date/time 10, acquirer 11, forwarding institution 11. */
export interface OriginalDataElements {
  readonly mti: string;
  readonly stan: string;
  readonly transmissionDateTime: string;
  readonly acquirerId: string;
  readonly forwardingId: string;
}

export function parseOriginalDataElements(de90: string): OriginalDataElements {
  return {
    mti: de90.slice(0, 4),
    stan: de90.slice(4, 10),
    transmissionDateTime: de90.slice(10, 20),
    acquirerId: de90.slice(20, 31).replace(/^0+(?=.)/, ''), // right-justified, zero-filled
    forwardingId: de90.slice(31, 42).replace(/^0+(?=.)/, ''),
  };
}

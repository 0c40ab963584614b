/** A decoded message: MTI plus data elements by number (text fields as strings, `b` fields as bytes). */
export interface IsoMessage {
  readonly mti: string;
  readonly fields: ReadonlyMap<number, string | Buffer>;
}

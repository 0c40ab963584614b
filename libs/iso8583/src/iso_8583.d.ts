// The package ships no types (last published 2021); only what we call is declared.
declare module 'iso_8583' {
  interface EngineFormat {
    ContentType: string;
    Label: string;
    LenType: 'fixed' | 'llvar' | 'lllvar';
    MaxLen: number;
  }
  class Iso8583 {
    constructor(message?: Record<string, string>, customFormats?: Record<string, EngineFormat>);
    getIsoJSON(buffer: Buffer, config?: { lenHeader?: boolean }): Record<string, string> & { error?: string };
    getRawMessage(): Buffer | { error: string };
    validateMessage(): boolean | { error: string };
  }
  export = Iso8583;
}

import type { IsoCodecError, IsoMessage } from '@bridge/iso8583';

/** Handler patterns besides MTIs: a frame we could not decode, and an MTI nobody handles. */
export const ISO_MALFORMED = 'iso.malformed';
export const ISO_UNHANDLED = 'iso.unhandled';

/** What the transport hands to a message handler. */
export type IsoInbound =
  { readonly kind: 'message'; readonly message: IsoMessage } | { readonly kind: 'malformed'; readonly partial: IsoMessage; readonly error: IsoCodecError };

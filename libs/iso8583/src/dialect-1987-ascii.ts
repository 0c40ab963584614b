import type { Dialect, FieldSpec } from './field-spec';

const f = (
  name: string,
  format: FieldSpec['format'],
  lengthType: FieldSpec['lengthType'],
  maxLength: number,
  description: string,
  sensitive?: FieldSpec['sensitive'],
): FieldSpec => ({ name, format, lengthType, maxLength, description, sensitive });

/**
 * The default dialect (docs/wire-format.md): ISO 8583:1987 field formats, ASCII data,
 * binary bitmaps. This table is the only place in the codebase that knows field numbers.
 */
export const DIALECT_1987_ASCII: Dialect = {
  name: 'iso8583-1987-ascii',
  bitmapEncoding: 'binary',
  fields: {
    2: f('pan', 'n', 'LLVAR', 19, 'Primary account number', 'pan'),
    3: f('processingCode', 'n', 'FIXED', 6, 'Processing code'),
    4: f('amountTransaction', 'n', 'FIXED', 12, 'Amount, transaction (minor units)'),
    7: f('transmissionDateTime', 'n', 'FIXED', 10, 'Transmission date and time MMDDhhmmss (UTC)'),
    11: f('stan', 'n', 'FIXED', 6, 'Systems trace audit number'),
    12: f('localTime', 'n', 'FIXED', 6, 'Time, local transaction hhmmss'),
    13: f('localDate', 'n', 'FIXED', 4, 'Date, local transaction MMDD'),
    14: f('expiry', 'n', 'FIXED', 4, 'Date, expiration YYMM', 'mask'),
    18: f('merchantType', 'n', 'FIXED', 4, 'Merchant category code'),
    22: f('posEntryMode', 'n', 'FIXED', 3, 'Point of service entry mode'),
    25: f('posConditionCode', 'n', 'FIXED', 2, 'Point of service condition code'),
    32: f('acquirerId', 'n', 'LLVAR', 11, 'Acquiring institution identification code'),
    35: f('track2', 'z', 'LLVAR', 37, 'Track 2 data', 'mask'),
    36: f('track3', 'n', 'LLLVAR', 104, 'Track 3 data', 'mask'),
    37: f('rrn', 'an', 'FIXED', 12, 'Retrieval reference number'),
    38: f('approvalCode', 'an', 'FIXED', 6, 'Authorization identification response'),
    39: f('responseCode', 'an', 'FIXED', 2, 'Response code'),
    41: f('terminalId', 'ans', 'FIXED', 8, 'Card acceptor terminal identification'),
    42: f('merchantId', 'ans', 'FIXED', 15, 'Card acceptor identification code'),
    43: f('merchantNameLocation', 'ans', 'FIXED', 40, 'Card acceptor name/location'),
    45: f('track1', 'ans', 'LLVAR', 76, 'Track 1 data', 'mask'),
    48: f('additionalData', 'ans', 'LLLVAR', 999, 'Additional data, private (TLV subelements)'),
    49: f('currencyCode', 'n', 'FIXED', 3, 'Currency code, transaction (ISO 4217 numeric)'),
    52: f('pinBlock', 'b', 'FIXED', 8, 'Personal identification number data', 'mask'),
    55: f('iccData', 'b', 'LLLVAR', 255, 'ICC system related data (EMV TLV)', 'mask'),
    64: f('mac', 'b', 'FIXED', 8, 'Message authentication code (primary)'),
    70: f('networkManagementCode', 'n', 'FIXED', 3, 'Network management information code'),
    90: f('originalDataElements', 'n', 'FIXED', 42, 'Original data elements'),
    128: f('mac2', 'b', 'FIXED', 8, 'Message authentication code (secondary)'),
  },
};

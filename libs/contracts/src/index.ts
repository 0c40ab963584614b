export * from './decline-reason';
export * from './de39-table';
export * from './iso4217';
export * from './decimal-ratio';
export * from './convert-fiat-to-crypto';
export * from './exchange-messages';
export * from './luhn';
export * from './de48-subelements';

import type { ValueTransformer } from 'typeorm';

/** numeric/bigint columns come back from pg as strings; money stays bigint in code. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

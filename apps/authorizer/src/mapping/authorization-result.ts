import type { DeclineReason } from '@bridge/contracts';

/** What the pipeline decided, in domain terms; the response mapper turns it into DE38/39/48. */
export type AuthorizationResult =
  | {
      readonly approved: true;
      readonly approvalCode: string;
      readonly chain: string;
      readonly txHash: string;
      readonly cryptoAmount: bigint;
      readonly assetSymbol: string;
    }
  | { readonly approved: false; readonly reason: DeclineReason };

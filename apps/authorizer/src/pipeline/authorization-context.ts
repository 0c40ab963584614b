import { randomUUID } from 'node:crypto';
import type { PaymentInstructions } from '@bridge/contracts';
import type { AssetEntity, CardAccountEntity } from '@bridge/persistence';
import type { AuthorizationRequest } from '../mapping/authorization-request';

/** Everything the steps learn about one authorization, in order. */
export class AuthorizationContext {
  readonly authorizationId = randomUUID();
  readonly receivedAt = new Date();
  account?: CardAccountEntity;
  instructions?: PaymentInstructions;
  asset?: AssetEntity;
  cryptoAmount?: bigint;
  txHash?: string;
  /** Set when the deadline answer (91) has gone out: no step may commit money after this. */
  answeredLate = false;

  constructor(
    readonly request: AuthorizationRequest,
    readonly deadlineAt: number,
  ) {}

  remainingMs(now = Date.now()): number {
    return this.deadlineAt - now;
  }

  stillInTime(): boolean {
    return !this.answeredLate && Date.now() < this.deadlineAt;
  }
}

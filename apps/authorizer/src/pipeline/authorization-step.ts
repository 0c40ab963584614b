import type { DeclineReason } from '@bridge/contracts';
import type { AuthorizationContext } from './authorization-context';

/** One participant of the pipeline: returns a decline reason to stop, or undefined to go on. */
export interface AuthorizationStep {
  readonly name: string;
  run(ctx: AuthorizationContext): Promise<DeclineReason | undefined>;
}

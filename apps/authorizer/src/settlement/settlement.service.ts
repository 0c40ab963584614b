import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PaymentKind } from '@bridge/persistence';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { Metrics } from '../ops/metrics';
import { OrderedBroadcaster } from './ordered-broadcaster';
import { PaymentBatcher } from './payment-batcher';
import { SubmittedMarker } from './submitted-marker';
import { resolveOrder, type PaymentOrder } from './payment-order';
import type { SettlementOutcome } from './settlement-outcome';
import { NATIVE_TRANSFER_GAS } from './sign-payment';
import { WalletDirectory, type WalletInfo } from './wallet-directory';

/**
 * Exactly-once payment: the order is signed and persisted with its raw transaction (in a batch,
 * under the signer's row lock) before anything is broadcast. A failed broadcast leaves a SIGNED row
 * that the tracker re-sends with the same bytes (same hash); nothing ever signs a second payment.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);
  private readonly batchTimer: (startedMs: number) => void;
  private readonly broadcastTimer: (startedMs: number) => void;

  constructor(
    private readonly wallets: WalletDirectory,
    private readonly batcher: PaymentBatcher,
    private readonly broadcaster: OrderedBroadcaster,
    private readonly submitted: SubmittedMarker,
    private readonly metrics: Metrics,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {
    this.batchTimer = metrics.phaseTimer('payment_batch');
    this.broadcastTimer = metrics.phaseTimer('broadcast');
  }

  async pay(order: PaymentOrder): Promise<SettlementOutcome> {
    const funding = order.wallet ? this.wallets.remember(order.wallet) : await this.wallets.find(order.walletId);
    if (!funding) return { kind: 'NOT_PAYABLE', detail: `wallet ${order.walletId} not found` };
    const route = routeFor(funding, order.token);
    if ('detail' in route) return { kind: 'NOT_PAYABLE', detail: route.detail };
    const gasLimit = route.kind === 'NATIVE' ? NATIVE_TRANSFER_GAS : this.config.erc20GasLimit;
    let started = performance.now();
    const decision = await this.batcher.submit(route.signerId, resolveOrder(order, route.kind, funding, gasLimit));
    this.batchTimer(started);
    if (decision.kind !== 'SIGNED') return decision;
    try {
      started = performance.now();
      await this.broadcaster.send(route.signerId, decision.rawTx, decision.hash);
      this.broadcastTimer(started);
    } catch (e) {
      this.metrics.broadcasts.inc({ result: 'failed' });
      this.logger.warn(`broadcast of ${decision.hash} failed, the tracker will re-send it: ${(e as Error).message}`);
      return { kind: 'PAID', txHash: decision.hash, broadcast: false };
    }
    this.metrics.broadcasts.inc({ result: 'ok' });
    this.submitted.mark(decision.hash);
    return { kind: 'PAID', txHash: decision.hash, broadcast: true };
  }
}

/** Custodial wallets sign their own payments; delegated ones are paid by the spender with transferFrom. */
function routeFor(funding: WalletInfo, token: string | null): { kind: PaymentKind; signerId: string } | { detail: string } {
  if (funding.custody === 'CUSTODIAL') return { kind: token ? 'ERC20_TRANSFER' : 'NATIVE', signerId: funding.id };
  if (!token) return { detail: 'a delegated wallet can only be paid from with an ERC-20 allowance' };
  if (!funding.spenderWalletId) return { detail: `delegated wallet ${funding.id} has no spender` };
  return { kind: 'ERC20_TRANSFER_FROM', signerId: funding.spenderWalletId };
}

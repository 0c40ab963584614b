import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { BlockScanner } from '../settlement/block-scanner';
import { ChainGateway } from '../settlement/chain-gateway';

/** Steps and phases share buckets: they add up to one authorization's latency. */
const PART_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export type AuthorizationPhase = 'record_received' | 'payment_batch' | 'broadcast' | 'record_answer';

/** A payment batch's two database round trips (PaymentBatchWriter). */
export type BatchTrip = 'lock' | 'commit';

/** Prometheus metrics of the authorizer (GET /metrics). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly authorizations = new Counter({
    name: 'bridge_authorizations_total',
    help: 'Answers sent, by MTI class and DE39',
    labelNames: ['de39'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'bridge_authorization_seconds',
    help: 'Time from the 0100 to its 0110',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2],
    registers: [this.registry],
  });
  readonly steps = new Histogram({
    name: 'bridge_pipeline_step_seconds',
    help: 'Time spent per pipeline step',
    labelNames: ['step'],
    buckets: PART_BUCKETS,
    registers: [this.registry],
  });
  /**
   * The round trips an authorization waits for outside the steps' own work: its RECEIVED row, the
   * answer's row (both around the pipeline), and inside the settle step its payment batch (waiting for
   * the lane, the lock trip, the commit trip) and its broadcast. With the steps they add up to the
   * latency; `npm run bench:e2e` prints their means at 200/s.
   */
  readonly phases = new Histogram({
    name: 'bridge_authorization_phase_seconds',
    help: 'Time per phase of an authorization: record_received, payment_batch (an approval is written in its commit), broadcast, record_answer (a decline)',
    labelNames: ['phase'],
    buckets: PART_BUCKETS,
    registers: [this.registry],
  });
  /**
   * Per batch, not per authorization: the lock trip (BEGIN, the signers' rows, their open sums) and the
   * commit trip (payments, approvals, COMMIT and its WAL flush). What payment_batch holds beyond them is
   * the wait for the lane while the batch before runs.
   */
  readonly batchTrips = new Histogram({
    name: 'bridge_payment_batch_trip_seconds',
    help: "A payment batch's database round trips: lock (the signers' rows and open sums) and commit (payments, approvals, COMMIT)",
    labelNames: ['trip'],
    buckets: PART_BUCKETS,
    registers: [this.registry],
  });
  readonly broadcasts = new Counter({
    name: 'bridge_broadcasts_total',
    help: 'eth_sendRawTransaction on the answer path, by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  /** Started and used: the difference is what asking ahead (WarmCards) cost the exchange for nothing. */
  readonly exchangeCallsAhead = new Counter({
    name: 'bridge_exchange_calls_ahead_total',
    help: 'Exchange calls started alongside the RECEIVED insert (warm cards)',
    registers: [this.registry],
  });
  readonly exchangeCallsAheadUsed = new Counter({
    name: 'bridge_exchange_calls_ahead_used_total',
    help: 'Exchange calls started ahead whose reply the pipeline used (the card still payable, the row new)',
    registers: [this.registry],
  });
  readonly exchangeFailures = new Counter({
    name: 'bridge_exchange_call_failures_total',
    help: 'Calls to the exchange adapter that failed or timed out',
    registers: [this.registry],
  });

  constructor(db: DataSource, chain: ChainGateway, scanner: BlockScanner) {
    collectDefaultMetrics({ register: this.registry, prefix: 'bridge_authorizer_' });
    // The two together say whether the tracker keeps up with the chain: their difference is the blocks
    // not read yet. (The pending count alone cannot tell a stalled scan from a node that stopped mining.)
    new Gauge({
      name: 'bridge_chain_head_block',
      help: 'Highest block number the node has reported',
      registers: [this.registry],
      collect() {
        if (chain.head !== undefined) this.set(chain.head);
      },
    });
    new Gauge({
      name: 'bridge_block_scan_block',
      help: 'Last block whose receipts the tracker has recorded',
      registers: [this.registry],
      collect() {
        const block = scanner.scannedThrough;
        if (block !== undefined) this.set(block);
      },
    });
    new Gauge({
      name: 'bridge_payments_pending',
      help: 'Payments signed or submitted, not yet confirmed',
      registers: [this.registry],
      async collect() {
        const [row] = (await db.query(`SELECT count(*)::int AS n FROM payments WHERE open`)) as { n: number }[];
        this.set(row.n);
      },
    });
    new Gauge({
      name: 'bridge_exceptions_open',
      help: 'Authorizations flagged for review and not acknowledged',
      registers: [this.registry],
      async collect() {
        const [row] = (await db.query(`SELECT count(*)::int AS n FROM authorizations WHERE needs_review AND acknowledged_at IS NULL`)) as { n: number }[];
        this.set(row.n);
      },
    });
  }

  /** Observes the time since `startedMs` (a performance.now()) as one phase; its child is labelled once. */
  phaseTimer(phase: AuthorizationPhase): (startedMs: number) => void {
    return elapsedInto(this.phases.labels({ phase }));
  }

  /** As phaseTimer, for one of a payment batch's round trips. */
  batchTripTimer(trip: BatchTrip): (startedMs: number) => void {
    return elapsedInto(this.batchTrips.labels({ trip }));
  }
}

function elapsedInto(series: { observe(seconds: number): void }): (startedMs: number) => void {
  return (startedMs) => series.observe((performance.now() - startedMs) / 1000);
}

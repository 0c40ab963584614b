import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADAPTER_CONFIG, type AdapterConfig } from '../config/adapter-config';

const RELISTEN_MS = 1_000;

/**
 * The screening denylist in memory, so screening costs no database round trip per payment. It is
 * trusted only while a dedicated connection LISTENs on `denylist_changed` (a trigger notifies on every
 * change, by the admin API or by hand): every notification reloads the list. Without that connection
 * (not yet up, lost) each lookup asks the database, so a change is never missed.
 */
@Injectable()
export class Denylist implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Denylist.name);
  private entries: Map<string, string> | null = null;
  private listener?: Client;
  private reloading?: Promise<void>;
  private reloadAgain = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The reason an address (lower-case) is denied, or undefined. */
  async reasonFor(address: string): Promise<string | undefined> {
    if (this.entries) return this.entries.get(address);
    const [hit] = (await this.db.query(`SELECT reason FROM denylist WHERE address = $1`, [address])) as { reason: string }[];
    return hit?.reason;
  }

  /** Reloads now; resolves once a load that started after the call has finished (used after our own changes). */
  async reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true; // the running load goes round once more
      return this.reloading;
    }
    this.reloading = this.load().finally(() => (this.reloading = undefined));
    await this.reloading;
  }

  private async load(): Promise<void> {
    do {
      this.reloadAgain = false;
      const rows = (await this.db.query(`SELECT address, reason FROM denylist`)) as { address: string; reason: string }[];
      if (this.listener) this.entries = new Map(rows.map((r) => [r.address, r.reason]));
    } while (this.reloadAgain);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    let dead = false;
    const lost = (e: Error) => {
      if (dead) return;
      dead = true;
      this.listener = undefined;
      this.entries = null; // ask the database until listening again
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`denylist listener lost (${e.message}): screening from the database until it is back`);
      setTimeout(() => void this.listen(), RELISTEN_MS).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', () => void this.reload().catch(lost));
    try {
      await client.connect();
      await client.query('LISTEN denylist_changed'); // before the load: a change in between is not missed
      this.listener = client;
      await this.reload();
    } catch (e) {
      lost(e as Error);
    }
  }
}

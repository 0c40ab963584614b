import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the harness remembers of an authorization it sent, to reverse or repeat it. Never the PAN. */
export interface JournalEntry {
  mti: string;
  stan: string;
  rrn: string;
  transmissionDateTime: string;
  acquirerId: string;
  terminalId: string;
  merchantId: string;
  amount: string;
  currency: string;
  expiry?: string;
  processingCode: string;
  sentAt: string;
}

const FILE = process.env.HARNESS_JOURNAL ?? join(tmpdir(), 'bridge-harness-journal.json');
const KEEP = 1_000;

export function remember(entry: JournalEntry): void {
  const entries = recall();
  entries.push(entry);
  writeFileSync(FILE, JSON.stringify(entries.slice(-KEEP)), { mode: 0o600 });
}

export function recall(): JournalEntry[] {
  return existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as JournalEntry[]) : [];
}

/** The latest sent authorization with this STAN or RRN. */
export function find(by: { stan?: string; rrn?: string }): JournalEntry | undefined {
  return recall()
    .reverse()
    .find((e) => (by.stan && e.stan === by.stan) || (by.rrn && e.rrn === by.rrn));
}

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DE70_CODES } from '@bridge/contracts';
import { DIALECT_1987_ASCII, toNamedFields, type IsoMessage } from '@bridge/iso8583';
import { buildAuthorization, DEMO_AUTHORIZATION, hexBytes, type AuthorizationInput } from './build-authorization';
import { buildNetworkManagement, buildReversal, transmissionDateTime } from './build-messages';
import type { ConnectionValues } from './common-options';
import { IsoClient } from './iso-client';
import { journalEntryOf } from './journal-entry-of';

const SENDS = ['auth', 'repeat', 'resend', 'auth-same-key', 'reverse', 'reverse-unknown', 'advice', 'echo', 'signon', 'signoff', 'raw'] as const;
/** Steps that act on an earlier one, named by its `id`. */
const NEEDS_OF = new Set<string>(['repeat', 'resend', 'auth-same-key', 'reverse']);

/** One scripted message and the DE39 it must get. */
export interface ScenarioStep {
  id?: string;
  name?: string;
  send: (typeof SENDS)[number];
  /** auth/advice/auth-same-key: overrides of the demo authorization (pan, amount, currency, merchantId, …). */
  with?: Partial<AuthorizationInput>;
  /** repeat/resend/auth-same-key/reverse: the id of an earlier step. */
  of?: string;
  /** raw: the frame body in hex, and the STAN its answer will carry. */
  hex?: string;
  stan?: string;
  expect: string;
}

export interface Scenario {
  name: string;
  steps: ScenarioStep[];
}

export interface StepResult {
  step: string;
  expected: string;
  got: string;
  ok: boolean;
  ms: number;
}

export function loadScenario(path: string): Scenario {
  const text = readFileSync(path, 'utf8');
  const scenario = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Scenario;
  if (!Array.isArray(scenario?.steps) || !scenario.steps.length) throw new Error(`${path}: a scenario needs a name and steps`);
  const ids = new Set<string>();
  scenario.steps.forEach((step, i) => {
    const problem = stepProblem(step, ids);
    if (problem) throw new Error(`${path}, step ${i + 1}: ${problem}`);
    if (step.id) ids.add(step.id);
  });
  return scenario;
}

/** What is wrong with a step, checked before anything is sent (an unknown `send` failed mid-run). */
function stepProblem(step: ScenarioStep, earlierIds: ReadonlySet<string>): string | undefined {
  if (!SENDS.includes(step?.send)) return `send must be one of ${SENDS.join(', ')}`;
  // Unquoted in YAML, 00 is the number 0: DE39 is two characters.
  if (typeof step.expect !== 'string' || !/^[0-9A-Z]{2}$/.test(step.expect)) return `expect must be a DE39 code in quotes, like '00'`;
  if (NEEDS_OF.has(step.send) && !(step.of && earlierIds.has(step.of))) return `${step.send} needs "of": the id of an earlier step`;
  if (step.with !== undefined && (typeof step.with !== 'object' || step.with === null)) return '"with" must be a map of fields';
  if (step.send === 'raw') {
    if (typeof step.hex !== 'string') return 'raw needs "hex": the frame body';
    try {
      hexBytes('hex', step.hex);
    } catch (e) {
      return (e as Error).message;
    }
    if (typeof step.stan !== 'string' || !/^\d{6}$/.test(step.stan)) return 'raw needs "stan": the 6 digits its answer carries';
  }
  return undefined;
}

let stanCounter = Math.floor(Math.random() * 900_000);
const nextStan = () => String((stanCounter = (stanCounter + 1) % 1_000_000)).padStart(6, '0');

/** Runs the steps in order on one connection; every step's DE39 is compared with its `expect`. */
export async function runScenario(c: ConnectionValues, scenario: Scenario): Promise<StepResult[]> {
  const client = await IsoClient.connect(c.host, c.port, { framing: c.framing });
  const sent = new Map<string, IsoMessage>();
  const results: StepResult[] = [];
  try {
    for (const [i, step] of scenario.steps.entries()) {
      const started = process.hrtime.bigint();
      const message = build(step, sent);
      const answer =
        step.send === 'raw' ? await client.requestRaw(hexBytes('hex', step.hex!), step.stan!, c.timeoutMs) : await client.request(message!, c.timeoutMs);
      if (step.id && message) sent.set(step.id, message);
      const got = String(toNamedFields(answer, DIALECT_1987_ASCII).responseCode ?? '');
      results.push({
        step: step.name ?? step.id ?? `${i + 1}. ${step.send}`,
        expected: step.expect,
        got,
        ok: got === step.expect,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    }
  } finally {
    client.close();
  }
  return results;
}

function build(step: ScenarioStep, sent: Map<string, IsoMessage>): IsoMessage | undefined {
  const of = () => {
    const original = step.of ? sent.get(step.of) : undefined;
    if (!original) throw new Error(`step ${step.id ?? step.send}: "of" must name an earlier step`);
    return original;
  };
  switch (step.send) {
    case 'auth':
      return buildAuthorization({ ...DEMO_AUTHORIZATION, stan: nextStan(), ...step.with });
    case 'advice':
      return buildAuthorization({ ...DEMO_AUTHORIZATION, stan: nextStan(), ...step.with, mti: '0120' });
    case 'repeat':
      return { mti: of().mti.replace(/0$/, '1'), fields: of().fields };
    case 'resend':
      return of();
    case 'auth-same-key': {
      const changed = buildAuthorization({ ...DEMO_AUTHORIZATION, ...step.with, stan: String(of().fields.get(11)) });
      const fields = new Map(changed.fields);
      fields.set(7, of().fields.get(7)!);
      return { mti: '0100', fields };
    }
    case 'reverse':
      return buildReversal(journalEntryOf(of()), nextStan());
    case 'reverse-unknown':
      return buildReversal(
        { ...journalEntryOf(buildAuthorization({ ...DEMO_AUTHORIZATION, stan: nextStan() })), transmissionDateTime: transmissionDateTime(new Date(0)) },
        nextStan(),
      );
    case 'echo':
    case 'signon':
    case 'signoff':
      return buildNetworkManagement(DE70_CODES[step.send], step.stan ?? nextStan());
    case 'raw':
      return undefined;
  }
}

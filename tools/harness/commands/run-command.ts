import { parseArgs } from 'node:util';
import { de39Meaning } from '@bridge/contracts';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionValues } from '../common-options';
import { de39Words } from '../de39-words';
import { loadScenario, runScenario, type StepResult } from '../scenario';

const HELP = `Usage: npm run harness -- run <scenario.json|yaml>... [options]

Runs scripted messages in order on one connection and compares each DE39 with the step's "expect".
Exits non-zero on any mismatch. Shipped scenarios: tools/harness/scenarios/ (every DE39 path).
${CONNECTION_HELP}`;

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: CONNECTION_OPTIONS });
  if (values.help || positionals.length === 0) return (console.log(HELP), values.help ? 0 : 2);
  const c = connectionValues(values);
  let failed = 0;
  const report = [];
  for (const path of positionals) {
    const scenario = loadScenario(path);
    const results = await runScenario(c, scenario);
    failed += results.filter((r) => !r.ok).length;
    report.push({ scenario: scenario.name, results });
    if (!c.json) {
      console.log(`\n${scenario.name}`);
      const width = Math.max(...results.map((r) => r.step.length));
      for (const r of results) console.log(stepLine(r, width));
    }
  }
  if (c.json) console.log(JSON.stringify({ failed, report }));
  else console.log(`\n${failed === 0 ? 'all steps as expected' : `${failed} step(s) did not get the expected DE39`}`);
  return failed === 0 ? 0 : 1;
}

/** One step's outcome, its DE39 in words (and the expected one's, where they differ). */
function stepLine(r: StepResult, width: number): string {
  const words = r.ok ? de39Words(r.got) : `${de39Words(r.got)}; expected: ${de39Meaning(r.expected) ?? r.expected}`;
  return `  ${r.ok ? '✓' : '✗'} ${r.step.padEnd(width)}  expected ${r.expected}, got ${r.got.padEnd(2)}  ${r.ms.toFixed(1).padStart(7)} ms  (${words})`;
}

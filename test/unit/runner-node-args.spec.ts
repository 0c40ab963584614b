import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNNER_NODE_ARGS } from '../../tools/dev/spawn-stack';

describe("the runner's Node flags", () => {
  // The e2e tests and benches spawn the runner as `npm start` runs it: a flag in one place only would
  // make the measured bridge differ from the one users start.
  it('are the same in `npm start` as in spawnStack', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const run = /&& node (.*) dist\/tools\/dev\/start\.js$/.exec(pkg.scripts.start);
    expect(run?.[1].split(' ')).toEqual(RUNNER_NODE_ARGS);
  });
});

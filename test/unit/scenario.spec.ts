import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAuthorization, DEMO_AUTHORIZATION } from '../../tools/harness/build-authorization';
import { loadScenario } from '../../tools/harness/scenario';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'scenario-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, yaml: string) => {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
};

describe('harness scenarios: checked when loaded, before anything is sent', () => {
  it('every shipped scenario loads', () => {
    const shipped = join(__dirname, '..', '..', 'tools', 'harness', 'scenarios');
    for (const name of readdirSync(shipped)) expect(loadScenario(join(shipped, name)).steps.length).toBeGreaterThan(0);
  });

  it.each([
    ['unknown send', `steps: [{ send: nope, expect: '00' }]`, 'step 1: send must be one of auth, repeat'],
    ['expect unquoted (YAML reads 00 as the number 0)', `steps: [{ send: echo, expect: 00 }]`, "step 1: expect must be a DE39 code in quotes, like '00'"],
    ['repeat of nothing', `steps: [{ send: echo, expect: '00' }, { send: repeat, expect: '00' }]`, 'step 2: repeat needs "of": the id of an earlier step'],
    ['reverse of a later step', `steps: [{ send: reverse, of: buy, expect: '00' }, { id: buy, send: auth, expect: '00' }]`, 'step 1: reverse needs "of"'],
    ['raw with bad hex', `steps: [{ send: raw, hex: '0x30', stan: '000001', expect: '30' }]`, 'step 1: hex must be hex, whole bytes: 0x30'],
    ['raw without its STAN', `steps: [{ send: raw, hex: '3031', expect: '30' }]`, 'step 1: raw needs "stan"'],
    ['no steps', `name: empty\nsteps: []`, 'a scenario needs a name and steps'],
  ])('%s is refused', (_, yaml, message) => {
    expect(() => loadScenario(file('s.yaml', yaml))).toThrow(message);
  });

  it('a DE55 that is not hex is refused, not sent empty', () => {
    expect(() => buildAuthorization({ ...DEMO_AUTHORIZATION, stan: '000001', iccHex: 'zz' })).toThrow('DE55 must be hex, whole bytes: zz');
    expect(buildAuthorization({ ...DEMO_AUTHORIZATION, stan: '000001', iccHex: '9f2608' }).fields.size).toBeGreaterThan(0);
  });
});

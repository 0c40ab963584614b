// Rebuilds contracts/artifacts/*.json from contracts/*.sol with solcjs (offline, ~10 s).
// Run with `npm run contracts:build`; the artifacts are committed so no test compiles.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import solc from 'solc';

const dir = new URL('../../contracts/', import.meta.url).pathname;
const sources = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.sol'))
    .map((f) => [f, { content: readFileSync(join(dir, f), 'utf8') }]),
);
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'paris', // deploys on every EVM chain, old and new
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
if (errors.length) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
mkdirSync(join(dir, 'artifacts'), { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // abstract bases (TestToken) are not deployable
    const artifact = {
      contractName: name,
      source: `contracts/${file}`,
      compiler: `solc ${solc.version()}`,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
    };
    writeFileSync(join(dir, 'artifacts', `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
    console.log(`contracts/artifacts/${name}.json`);
  }
}

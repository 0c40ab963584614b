/** Jest: @swc/jest transpiles TS (decorators + metadata) and the ESM-only @nestjs 12 packages. */
const { availableParallelism } = require('node:os');

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];
const shared = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|@standard-schema|strtok3|token-types|@tokenizer|uint8array-extras)/)'],
  moduleNameMapper: {
    '^@bridge/iso8583$': '<rootDir>/libs/iso8583/src',
    '^@bridge/contracts$': '<rootDir>/libs/contracts/src',
    '^@bridge/persistence$': '<rootDir>/libs/persistence/src',
    '^@bridge/runtime$': '<rootDir>/libs/runtime/src',
  },
  testEnvironment: 'node',
};
module.exports = {
  // Two files at a time even on 2 cores (Jest's default there is one): an e2e file mostly waits — its
  // stack starting, blocks, deadlines — and one at a time kept 0.73 of the 2 cores busy (510 s; two: 313–316 s,
  // docs/performance.md "Session 37"). Each file has its own stack on its own ports. Three on 2 cores starved
  // the on-demand miner's burst test, so more only where there are more cores.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  reporters: ['<rootDir>/test/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};

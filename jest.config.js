/** Jest: @swc/jest transpiles TS (decorators + metadata) and the ESM-only @nestjs 12 packages. */
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
  reporters: ['<rootDir>/test/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};

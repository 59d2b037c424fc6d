/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/functions'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  testTimeout: 60000,
  // Builds dist/ first: the tests of the compiled CLI (test/cli/compiled*.test.ts) run what the sources build now.
  globalSetup: '<rootDir>/test/global-setup.js',
  // fast-check properties without their own seed use the shared fixed one (FC_SEED=<integer> for another run).
  setupFilesAfterEnv: ['<rootDir>/test/support/fast-check-seed.ts'],
};

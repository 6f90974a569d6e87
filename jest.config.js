/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
      },
    ],
  },
  // Tests share one MariaDB database in CI; run files one at a time there.
  maxWorkers: /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '') ? 1 : '50%',
  testTimeout: 30000,
};

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend; each file gets its own database copy.
    maxWorkers: 2,
    // A fixed key for sealed secrets, so tests never create .entas/secret.key in the working tree.
    env: { ENTAS_SECRET_KEY: '7e57'.repeat(16) },
  },
});

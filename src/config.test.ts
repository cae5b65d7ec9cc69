import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('binds loopback unless HOST names another address', () => {
    expect(readConfig({}).host).toBe('127.0.0.1');
    expect(readConfig({ HOST: ' 0.0.0.0 ' }).host).toBe('0.0.0.0');
    expect(readConfig({ HOST: '' }).host).toBe('127.0.0.1');
  });

  it('reads the port, database and data directory', () => {
    const config = readConfig({ PORT: '8080', DATABASE_URL: 'postgres://x/y', ENTAS_DATA_DIR: 'd' });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://x/y', dataDir: path.resolve('d') });
  });

  it('keeps snapshot readers on unless ENTAS_SNAPSHOT_READERS turns them off (transaction pooling)', () => {
    expect(readConfig({}).snapshotReaders).toBe(true);
    expect(readConfig({ ENTAS_SNAPSHOT_READERS: 'on' }).snapshotReaders).toBe(true);
    expect(readConfig({ ENTAS_SNAPSHOT_READERS: ' off ' }).snapshotReaders).toBe(false);
    expect(readConfig({ ENTAS_SNAPSHOT_READERS: 'FALSE' }).snapshotReaders).toBe(false);
  });
});

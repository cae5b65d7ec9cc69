import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateWebClientSchema, WEB_CLIENT_SCHEMA } from './web-client.js';

describe('the dashboard API client', () => {
  it('is generated from the current OpenAPI document (run `npm run web:client` after changing a route)', async () => {
    const generated = await generateWebClientSchema();
    expect(generated).toContain('"/api/v1/households/{id}"');
    expect(fs.readFileSync(WEB_CLIENT_SCHEMA, 'utf8') === generated, 'web/src/api/schema.d.ts is stale').toBe(
      true,
    );
  });
});

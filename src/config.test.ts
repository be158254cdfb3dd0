import { describe, expect, it } from 'vitest';
import { PLAN_IGN_TILES, parseConfig } from './config.js';

describe('configuration', () => {
  it('starts with sensible development defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, host: 'localhost', geocoder: { kind: 'local' } });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.map.tileUrl).toBe(PLAN_IGN_TILES);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be one of development, test, production/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:/],
    [{ QUIETUDE_NOW: 'tomorrow' }, /QUIETUDE_NOW must be an ISO 8601 date-time/],
    [{ GEOCODER: 'google' }, /GEOCODER must be one of local, ban/],
    [{ MAP_TILE_URL: 'not a url' }, /MAP_TILE_URL is not a valid URL/],
  ])('stops on %o naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('in production requires PostgreSQL, refuses default passwords and a fixed clock', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL is required/);
    expect(() => parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app:postgres@db/quietude' })).toThrow(
      /default password/,
    );
    expect(() =>
      parseConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://app:Xk2-long-and-random@db/q',
        QUIETUDE_NOW: '2026-01-01T00:00:00Z',
      }),
    ).toThrow(/QUIETUDE_NOW is refused/);
    expect(parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app:Xk2-long-and-random@db/q' }).env).toBe(
      'production',
    );
  });

  it('reads a fixed clock outside production and a BAN geocoder when asked', () => {
    const config = parseConfig({
      QUIETUDE_NOW: '2026-11-25T23:30:00+01:00',
      GEOCODER: 'ban',
      GEOCODER_URL: 'https://example.test/geo',
    });
    expect(config.now?.toISOString()).toBe('2026-11-25T22:30:00.000Z');
    expect(config.geocoder).toEqual({ kind: 'ban', url: 'https://example.test/geo' });
  });
});

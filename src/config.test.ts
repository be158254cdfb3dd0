import { describe, expect, it } from 'vitest';
import { PLAN_IGN_TILES, parseConfig } from './config.js';

describe('configuration', () => {
  it('starts with sensible development defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, host: 'localhost', geocoder: { kind: 'local' } });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.map.tileUrl).toBe(PLAN_IGN_TILES);
    // No proxy is trusted unless named: a client cannot choose the address the limits count.
    expect(config.trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('127.0.0.1, 10.0.0.0/8');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be one of development, test, production/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:/],
    [{ QUIETUDE_NOW: 'tomorrow' }, /QUIETUDE_NOW must be an ISO 8601 date-time/],
    [{ GEOCODER: 'google' }, /GEOCODER must be one of local, ban/],
    [{ MAP_TILE_URL: 'not a url' }, /MAP_TILE_URL is not a valid URL/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY must be false, true, or proxy addresses/],
    [{ REPORTS_PER_CLIENT_PER_HOUR: '0' }, /REPORTS_PER_CLIENT_PER_HOUR must be a whole number/],
  ])('stops on %o naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('in production requires PostgreSQL and a session secret, refuses default passwords and a fixed clock', () => {
    const secret = 'a7f3c9e1b5d8f2a4c6e8b0d2f4a6c8e0';
    const database = 'postgres://app:Xk2-long-and-random@db/q';
    expect(() => parseConfig({ NODE_ENV: 'production', SESSION_SECRET: secret })).toThrow(/DATABASE_URL is required/);
    expect(() =>
      parseConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, DATABASE_URL: 'postgres://app:postgres@db/quietude' }),
    ).toThrow(/default password/);
    expect(() => parseConfig({ NODE_ENV: 'production', DATABASE_URL: database })).toThrow(/SESSION_SECRET is required/);
    expect(() => parseConfig({ NODE_ENV: 'production', DATABASE_URL: database, SESSION_SECRET: 'short' })).toThrow(
      /at least 32 characters/,
    );
    expect(() =>
      parseConfig({
        NODE_ENV: 'production',
        DATABASE_URL: database,
        SESSION_SECRET: secret,
        QUIETUDE_NOW: '2026-01-01T00:00:00Z',
      }),
    ).toThrow(/QUIETUDE_NOW is refused/);
    const config = parseConfig({ NODE_ENV: 'production', DATABASE_URL: database, SESSION_SECRET: secret });
    expect(config.env).toBe('production');
    expect(config.secureCookies).toBe(true);
  });

  it('makes a random session secret per start outside production', () => {
    expect(parseConfig({}).sessionSecret).not.toBe(parseConfig({}).sessionSecret);
    expect(parseConfig({}).sessionSecret).toHaveLength(64);
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_NAMES, loadConfig } from '../src/config.ts';

const ROOT = new URL('..', import.meta.url).pathname;

describe('loadConfig', () => {
  it('has a default for every setting', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ port: 3000, host: '0.0.0.0', sessionSecret: undefined, trustedProxies: [], maxInFlight: 32 });
    expect(config.officials).toMatchObject({ reportingDueDay: 10, reportingRequestDays: [14, 3] });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('refuses a DATABASE_URL without its scheme without printing its password', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'admin:hunter2secret@db.internal:5432/assistant' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('DATABASE_URL');
    expect(String((error as Error).message)).not.toContain('hunter2secret');
    expect(loadConfig({ DATABASE_URL: 'postgres://admin:pw@db.internal:5432/assistant' }).databaseUrl).toContain('db.internal');
  });

  it('reads the web chat settings and refuses a short session secret', () => {
    const config = loadConfig({ WEB_SESSION_SECRET: 'x'.repeat(32), TRUSTED_PROXIES: '10.0.0.2;10.0.0.3', WEB_MAX_IN_FLIGHT: '8', REPORTING_DUE_DAY: '15' });
    expect(config.http).toMatchObject({ sessionSecret: 'x'.repeat(32), trustedProxies: ['10.0.0.2', '10.0.0.3'], maxInFlight: 8 });
    expect(config.officials.reportingDueDay).toBe(15);
    expect(() => loadConfig({ WEB_SESSION_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ REPORTING_DUE_DAY: '40' })).toThrow(ConfigError);
  });

  it('is documented: every variable is in the README table and in .env.example, whose values load', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const example = readFileSync(`${ROOT}.env.example`, 'utf8');
    for (const name of ENV_NAMES) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'mu'));
    }
    const env = Object.fromEntries(
      example.split('\n').filter((line) => /^[A-Z]/u.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });
});

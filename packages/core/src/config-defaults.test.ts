import { describe, expect, it } from 'vitest';
import { createAuthConfig } from './config.ts';
import type { IntegerSettingName } from './config-defaults.ts';
import { CONFIG_DEFAULTS } from './config-defaults.ts';
import { ConfigError } from './errors.ts';
import { testConfig } from './testing/index.ts';

const base = { ...testConfig, password: {} };
const names = Object.keys(CONFIG_DEFAULTS) as IntegerSettingName[];

/** The input with `name` (a dotted path) set to `value`. */
function withSetting(name: IntegerSettingName, value: number) {
  const input: Record<string, unknown> = structuredClone({
    ...base,
    accessToken: { ...base.accessToken },
  });
  const path = name.split('.');
  let node = input;
  for (const key of path.slice(0, -1)) {
    node[key] = { ...(node[key] as object) };
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) ?? ''] = value;
  return input as typeof base;
}

function valueAt(config: object, name: IntegerSettingName): unknown {
  return name
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
}

describe('CONFIG_DEFAULTS', () => {
  it('is where every numeric default comes from: an empty input resolves to each', () => {
    const config = createAuthConfig(base);
    for (const name of names) expect(valueAt(config, name)).toBe(CONFIG_DEFAULTS[name].default);
  });

  it('refuses, naming the setting, a value past either bound or not an integer', () => {
    for (const name of names) {
      const { min, max } = CONFIG_DEFAULTS[name];
      const numeric = [min, max].every((bound) => typeof bound === 'number');
      const bad = [1.5, Number.NaN, ...(numeric ? [Number(min) - 1, Number(max) + 1] : [])];
      for (const value of bad) {
        expect(() => createAuthConfig(withSetting(name, value))).toThrow(ConfigError);
        expect(() => createAuthConfig(withSetting(name, value))).toThrow(name);
      }
    }
  });

  it('takes a bound that names another setting from that setting’s resolved value', () => {
    const input = withSetting('session.absoluteTtl', 3600);
    expect(() => createAuthConfig(input)).toThrow(
      'session.idleTtl must be an integer between 60 and 3600',
    );
    const fits = { ...input, session: { absoluteTtl: 3600, idleTtl: 3600 } };
    expect(createAuthConfig(fits).session.idleTtl).toBe(3600);
  });
});

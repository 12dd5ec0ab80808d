import { describe, expect, it } from 'vitest';
import { field } from './field.ts';
import { ConfigError, describeFlags, flagOptions, loadConfig } from './load-config.ts';

const spec = {
  dataDir: field.string({ flag: 'data-dir', env: 'DATA_DIR', describe: 'data directory' }),
  port: field.port({ flag: 'port', env: 'PORT', default: 0, describe: 'port' }),
  level: field.oneOf(['debug', 'info'], { env: 'LEVEL', default: 'info', describe: 'level' }),
  verbose: field.boolean({ flag: 'verbose', default: false, describe: 'chatty' }),
  timeout: field.duration({ env: 'TIMEOUT', default: 30_000, describe: 'timeout' }),
};

function issuesOf(run: () => unknown): { field: string; source: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => ({ ...i }));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('takes flags over the environment over defaults, typed', () => {
    const config = loadConfig(spec, {
      flags: { 'data-dir': '/from/flag', verbose: true },
      env: { DATA_DIR: '/from/env', PORT: '8443', TIMEOUT: '5m' },
    });
    expect(config).toEqual({
      dataDir: '/from/flag',
      port: 8443,
      level: 'info',
      verbose: true,
      timeout: 300_000,
    });
  });

  it('reports a missing required field by name and where it may come from', () => {
    expect(issuesOf(() => loadConfig(spec, {}))).toEqual([
      { field: 'dataDir', source: '--data-dir or $DATA_DIR', message: 'is required' },
    ]);
  });

  it('reports every bad value at once, naming the field and the source it came from', () => {
    const issues = issuesOf(() =>
      loadConfig(spec, {
        flags: { 'data-dir': '/d', port: '70000' },
        env: { LEVEL: 'loud', TIMEOUT: 'soon' },
      }),
    );
    expect(issues).toEqual([
      { field: 'port', source: '--port', message: '70000 is outside 0..65535' },
      { field: 'level', source: '$LEVEL', message: '"loud" is not one of debug, info' },
      {
        field: 'timeout',
        source: '$TIMEOUT',
        message: '"soon" is not a duration (for example 500ms, 30s, 5m, 1h)',
      },
    ]);
  });

  it('puts every issue into the error message', () => {
    expect(() => loadConfig(spec, { flags: { 'data-dir': '', port: 'x1' } })).toThrow(
      'invalid configuration:\n  dataDir (--data-dir): must not be empty\n  port (--port): "x1" is not an integer',
    );
  });

  it('treats an empty environment variable as unset', () => {
    expect(loadConfig(spec, { env: { DATA_DIR: '/d', PORT: '' } }).port).toBe(0);
  });

  it.each([
    ['1.5', '"1.5" is not an integer'],
    ['12abc', '"12abc" is not an integer'],
    ['-1', '-1 is outside 0..65535'],
  ])('rejects the port %j', (raw, message) => {
    expect(issuesOf(() => loadConfig(spec, { env: { DATA_DIR: '/d', PORT: raw } }))).toEqual([
      { field: 'port', source: '$PORT', message },
    ]);
  });

  it.each([
    ['yes', true],
    ['OFF', false],
  ])('reads the boolean %j', (raw, value) => {
    const booleans = { on: field.boolean({ env: 'ON', describe: 'on' }) };
    expect(loadConfig(booleans, { env: { ON: raw } }).on).toBe(value);
  });
});

describe('flag helpers', () => {
  it('derives parseArgs options from the flag fields only', () => {
    expect(flagOptions(spec)).toEqual({
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      verbose: { type: 'boolean' },
    });
  });

  it('describes each flag with its default or that it is required', () => {
    expect(describeFlags(spec)).toEqual([
      '  --data-dir VALUE  data directory (required; env $DATA_DIR)',
      '  --port VALUE      port (default: 0; env $PORT)',
      '  --verbose         chatty (default: false)',
    ]);
  });
});

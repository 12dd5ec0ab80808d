import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  parseDryRunOptions,
  parseMigrateOptions,
  parseRestartOptions,
  parseStartOptions,
  parseStopOptions,
  readOptionsBody,
} from './lifecycle-options.ts';

function message(parse: () => unknown): string {
  try {
    parse();
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('parsing the options bodies', () => {
  it.each([
    [undefined, { paused: false, dryRun: false }],
    [{}, { paused: false, dryRun: false }],
    [
      {
        kind: 'StartOptions',
        apiVersion: 'subresources.kubevirt.io/v1',
        paused: true,
        dryRun: ['All'],
      },
      { paused: true, dryRun: true },
    ],
    [{ dryRun: [] }, { paused: false, dryRun: false }],
  ])('reads StartOptions %j', (body, expected) => {
    expect(parseStartOptions(body)).toEqual(expected);
  });

  it('reads the other options', () => {
    expect(parseStopOptions({ gracePeriod: 0 })).toEqual({ gracePeriod: 0, dryRun: false });
    expect(parseRestartOptions({ gracePeriodSeconds: 0, dryRun: ['All'] })).toEqual({
      gracePeriodSeconds: 0,
      dryRun: true,
    });
    expect(parseMigrateOptions({ addedNodeSelector: { zone: 'a' } })).toEqual({
      addedNodeSelector: { zone: 'a' },
      dryRun: false,
    });
    expect(parseDryRunOptions({ dryRun: ['All'] }, 'PauseOptions')).toEqual({ dryRun: true });
  });

  it.each([
    [
      () => parseStartOptions({ paused: 'yes' }),
      'Can not unmarshal Request body to struct, error: StartOptions.paused must be a boolean, not string',
    ],
    [
      () => parseStartOptions([1]),
      'Can not unmarshal Request body to struct, error: StartOptions must be a JSON object',
    ],
    [
      () => parseStopOptions({ gracePeriod: 1.5 }),
      'Can not unmarshal Request body to struct, error: StopOptions.gracePeriod must be an integer, not 1.5',
    ],
    [
      () => parseStopOptions({ dryRun: 'All' }),
      'Can not unmarshal Request body to struct, error: StopOptions.dryRun must be a list of strings, not string',
    ],
    [
      () => parseRestartOptions({ dryRun: ['Some'] }),
      'Invalid dry run value "Some": only "All" is supported',
    ],
    [
      () => parseMigrateOptions({ addedNodeSelector: { zone: 1 } }),
      'Can not unmarshal Request body to struct, error: MigrateOptions.addedNodeSelector must be a map of strings',
    ],
    [
      () => parseMigrateOptions({ addedNodeSelector: ['a'] }),
      'Can not unmarshal Request body to struct, error: MigrateOptions.addedNodeSelector must be a map of strings',
    ],
  ])('refuses a bad body, naming the field (%#)', (parse, expected) => {
    expect(message(parse)).toBe(expected);
  });

  it.each([
    ['', undefined],
    ['  \n', undefined],
    ['{"paused":true}', { paused: true }],
  ])('reads the body %j', async (text, expected) => {
    const req = Readable.from([Buffer.from(text)]) as unknown as IncomingMessage;
    await expect(readOptionsBody(req)).resolves.toEqual(expected);
  });

  it('refuses a body that is not JSON with a 400', async () => {
    const req = Readable.from([Buffer.from('{paused')]) as unknown as IncomingMessage;
    await expect(readOptionsBody(req)).rejects.toMatchObject({ code: 400 });
  });
});

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findExecutable,
  openFileLimitFrom,
  readPodNetworkFacts,
} from './read-pod-network-facts.ts';

const dir = mkdtempSync(join(tmpdir(), 'pod-network-facts-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(path: string, text: string, mode = 0o644): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  chmodSync(full, mode);
  return full;
}

const limits = [
  'Limit                     Soft Limit           Hard Limit           Units     ',
  'Max processes             96364                96364                processes ',
  'Max open files            20000                40000                files     ',
  '',
].join('\n');

describe('openFileLimitFrom', () => {
  it.each([
    ['the soft limit', limits, 20000],
    [
      'an unlimited limit',
      'Max open files            unlimited            unlimited            files',
      undefined,
    ],
    ['no such line', 'Max processes 5 5 processes', undefined],
    ['an empty text', '', undefined],
  ])('reads %s', (_what, text, expected) => {
    expect(openFileLimitFrom(text)).toBe(expected);
  });
});

describe('findExecutable', () => {
  const bin = join(dir, 'bin');
  const other = join(dir, 'other');
  file('bin/passt', '#!/bin/sh\n', 0o755);
  file('other/passt', 'not executable', 0o644);
  const fallback = file('fallback/passt', '#!/bin/sh\n', 0o755);

  it.each([
    ['the first executable on PATH', `${other}:${bin}`, join(bin, 'passt')],
    ['the fallback when PATH has none', other, fallback],
    ['the fallback, ignoring relative PATH entries', 'bin:', fallback],
  ])('finds %s', async (_what, path, expected) => {
    expect(await findExecutable('passt', path, fallback)).toBe(expected);
  });

  it('finds nothing when neither PATH nor the fallback has it', async () => {
    expect(await findExecutable('passt', other, join(dir, 'nope'))).toBeUndefined();
  });
});

describe('readPodNetworkFacts', () => {
  it('reads the routes, limits, interfaces and passt from its sources', async () => {
    const procDir = join(dir, 'proc');
    file('proc/net/route', 'Iface\tDestination\neth0\t00000000\n');
    file('proc/self/limits', limits);
    const facts = await readPodNetworkFacts({
      procDir,
      podIp: '10.244.1.7',
      path: join(dir, 'bin'),
      interfaces: () => ({ eth0: ['10.244.1.7'] }),
      root: true,
    });
    expect(facts).toEqual({
      routeTable: 'Iface\tDestination\neth0\t00000000\n',
      interfaceAddresses: { eth0: ['10.244.1.7'] },
      podIp: '10.244.1.7',
      passtPath: join(dir, 'bin', 'passt'),
      root: true,
      openFileLimit: 20000,
    });
  });

  it('reads empty facts where /proc has nothing, without failing', async () => {
    const facts = await readPodNetworkFacts({
      procDir: join(dir, 'no-proc'),
      path: '',
      passtFallback: join(dir, 'nope'),
      root: false,
    });
    expect(facts).toMatchObject({ routeTable: '', root: false });
    expect(facts.passtPath).toBeUndefined();
    expect(facts.openFileLimit).toBeUndefined();
  });
});

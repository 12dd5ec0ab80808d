import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTokenFile, StaticTokenFile, TokenFileError } from './static-token-file.ts';

describe('parseTokenFile', () => {
  it('reads token, user, uid and a quoted group list, adding system:authenticated', () => {
    const tokens = parseTokenFile('t1,alice,uid-1,"dev,ops"\nt2,bob,uid-2\n');
    expect(tokens.get('t1')).toEqual({
      name: 'alice',
      uid: 'uid-1',
      groups: ['dev', 'ops', 'system:authenticated'],
    });
    expect(tokens.get('t2')).toEqual({
      name: 'bob',
      uid: 'uid-2',
      groups: ['system:authenticated'],
    });
  });

  it.each([
    [
      'leading spaces',
      ' t1, alice, u1, "g"',
      { name: 'alice', uid: 'u1', groups: ['g', 'system:authenticated'] },
    ],
    [
      'a doubled quote inside quotes',
      't1,"al""ice",u1',
      { name: 'al"ice', uid: 'u1', groups: ['system:authenticated'] },
    ],
    [
      'CRLF line ends',
      't1,alice,u1\r\n',
      { name: 'alice', uid: 'u1', groups: ['system:authenticated'] },
    ],
    [
      'extra columns',
      't1,alice,u1,g,ignored',
      { name: 'alice', uid: 'u1', groups: ['g', 'system:authenticated'] },
    ],
    [
      'a group already authenticated',
      't1,alice,u1,system:authenticated',
      { name: 'alice', uid: 'u1', groups: ['system:authenticated'] },
    ],
  ])('accepts %s', (_name, text, user) => {
    expect(parseTokenFile(text).get('t1')).toEqual(user);
  });

  it('skips blank lines, # comments and records with an empty token', () => {
    const tokens = parseTokenFile('# users\n\n,nobody,u0\nt1,alice,u1\n');
    expect([...tokens.keys()]).toEqual(['t1']);
  });

  it('lets a later duplicate token win', () => {
    expect(parseTokenFile('t,alice,u1\nt,bob,u2\n').get('t')?.name).toBe('bob');
  });

  it.each([
    [
      'fewer than 3 columns',
      't1,alice,u1\nt2,bob\n',
      'line 2: must have at least 3 columns (token, user name, user uid), found 2',
    ],
    ['an empty user name', 't1,,u1', 'line 1: the user name is empty'],
    ['an unterminated quote', 't1,alice,u1,"dev', 'line 1: unterminated quoted field'],
    ['a bare quote', 't1,al"ice,u1', 'line 1: bare " in a non-quoted field'],
  ])('rejects %s, naming the line', (_name, text, message) => {
    expect(() => parseTokenFile(text, 'tokens.csv')).toThrow(
      new TokenFileError(`token file tokens.csv: ${message}`),
    );
  });
});

describe('StaticTokenFile', () => {
  let dir = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('treats a missing file as no users and picks up the file once written or changed', () => {
    dir = mkdtempSync(join(tmpdir(), 'tokens-'));
    const path = join(dir, 'tokens.csv');
    const file = new StaticTokenFile(path);
    expect(file.lookup('t1')).toBeUndefined();
    writeFileSync(path, 't1,alice,u1\n');
    expect(file.lookup('t1')?.name).toBe('alice');
    writeFileSync(path, 't1,alice,u1\nt2,bob,u2,"ops"\n');
    expect(file.lookup('t2')?.groups).toEqual(['ops', 'system:authenticated']);
    rmSync(path);
    expect(file.lookup('t1')).toBeUndefined();
  });

  it('keeps the previous tokens and reports the error when the file becomes invalid', () => {
    dir = mkdtempSync(join(tmpdir(), 'tokens-'));
    const path = join(dir, 'tokens.csv');
    writeFileSync(path, 't1,alice,u1\n');
    const errors: string[] = [];
    const file = new StaticTokenFile(path, (e) => errors.push(e.message));
    writeFileSync(path, 't1,alice\n');
    expect(file.lookup('t1')?.name).toBe('alice');
    expect(errors).toEqual([
      `token file ${path}: line 1: must have at least 3 columns (token, user name, user uid), found 2`,
    ]);
  });
});

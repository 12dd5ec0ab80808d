import { readFileSync, statSync } from 'node:fs';
import { CsvError, parseCsvRecords, type CsvRecord } from './csv-records.ts';
import { withAuthenticatedGroup, type UserInfo } from './user-info.ts';

/** A problem in the static token file, naming the file and line. */
export class TokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/**
 * Parses Kubernetes' static token file format: `token,user,uid[,"group1,group2"]` per line.
 * Records with fewer than 3 columns are an error; an empty token is skipped; a later duplicate
 * token wins (as kube-apiserver's `tokenfile` does). Every user also gets `system:authenticated`.
 */
export function parseTokenFile(text: string, path = 'tokens.csv'): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  for (const { line, fields } of csvRecords(text, path)) {
    const fail = (message: string): never => {
      throw new TokenFileError(`token file ${path}: line ${line}: ${message}`);
    };
    if (fields.length < 3) {
      fail(`must have at least 3 columns (token, user name, user uid), found ${fields.length}`);
    }
    const [token = '', name = '', uid = '', groupList = ''] = fields;
    if (token === '') continue;
    if (name === '') fail('the user name is empty');
    const groups = groupList === '' ? [] : groupList.split(',');
    tokens.set(token, withAuthenticatedGroup({ name, uid, groups }));
  }
  return tokens;
}

function csvRecords(text: string, path: string): CsvRecord[] {
  try {
    return parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvError) throw new TokenFileError(`token file ${path}: ${error.message}`);
    throw error;
  }
}

/** What identifies one version of the file on disk. */
function fileVersion(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/**
 * The static token file, re-read whenever it changes on disk (checked by `stat` on lookup, so an
 * added user works on the very next request). A missing file means no static users; a file that
 * fails to parse keeps the previous tokens and reports the error once per version.
 */
export class StaticTokenFile {
  readonly path: string;
  readonly #onError: (error: TokenFileError) => void;
  #version: string | undefined = undefined;
  #tokens = new Map<string, UserInfo>();

  constructor(path: string, onError: (error: TokenFileError) => void = () => undefined) {
    this.path = path;
    this.#onError = onError;
    this.#refresh();
  }

  /** The user of a token, or undefined. */
  lookup(token: string): UserInfo | undefined {
    this.#refresh();
    return this.#tokens.get(token);
  }

  #refresh(): void {
    const version = fileVersion(this.path);
    if (version === this.#version) return;
    this.#version = version;
    if (version === undefined) {
      this.#tokens = new Map();
      return;
    }
    try {
      this.#tokens = parseTokenFile(readFileSync(this.path, 'utf8'), this.path);
    } catch (error) {
      if (error instanceof TokenFileError) this.#onError(error);
      else this.#onError(new TokenFileError(`token file ${this.path}: ${String(error)}`));
    }
  }
}

import { describe, expect, it } from 'vitest';
import { objectKey, splitKey } from './object-key.ts';

describe('objectKey and splitKey', () => {
  it.each([
    { namespace: 'ns', name: 'a', key: 'ns/a' },
    { namespace: undefined, name: 'node-1', key: 'node-1' },
  ])('keys $name in $namespace as $key and splits it back', ({ namespace, name, key }) => {
    const metadata = namespace === undefined ? { name } : { name, namespace };
    expect(objectKey({ metadata })).toBe(key);
    expect(splitKey(key)).toEqual(metadata);
  });
});

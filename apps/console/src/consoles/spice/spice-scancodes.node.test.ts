// @vitest-environment node
import { KeyNames } from '@spice-project/spice-html5/src/atKeynames.js';
import { describe, expect, it } from 'vitest';
import { atScancodes } from './spice-scancodes.ts';

describe('atScancodes', () => {
  it.each(Object.entries(atScancodes))(
    'gives %s the scancode spice-html5’s atKeynames.js gives it',
    (name, code) => {
      expect(KeyNames[`KEY_${name}`]).toBe(code);
    },
  );
});

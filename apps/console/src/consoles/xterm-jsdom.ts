import { vi } from 'vitest';

/**
 * What xterm.js needs from a browser that jsdom lacks, for tests: `matchMedia` (device pixel
 * ratio changes) and a canvas 2D context (character measuring; `null` makes xterm fall back to
 * measuring with the DOM). Undo with `vi.unstubAllGlobals()` and `vi.restoreAllMocks()`.
 */
export function stubBrowserForXterm(): void {
  vi.stubGlobal('matchMedia', (media: string): MediaQueryList => {
    const list = new EventTarget() as MediaQueryList;
    return Object.assign(list, {
      matches: false,
      media,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
    });
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
}

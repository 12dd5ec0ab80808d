import { afterEach, describe, expect, it } from 'vitest';
import { attachScreenFit, fitSize, surfacePoint, type ScreenFit } from './spice-screen-fit.ts';

describe('fitSize', () => {
  it.each([
    [
      'shrinks a wide surface to the width',
      { width: 1440, height: 800 },
      { width: 720, height: 720 },
      { width: 720, height: 400 },
    ],
    [
      'shrinks a tall surface to the height',
      { width: 720, height: 400 },
      { width: 2000, height: 200 },
      { width: 360, height: 200 },
    ],
    [
      'grows a small surface to fit',
      { width: 720, height: 400 },
      { width: 1440, height: 1000 },
      { width: 1440, height: 800 },
    ],
    [
      'keeps the surface when nothing is available',
      { width: 720, height: 400 },
      { width: 0, height: 0 },
      { width: 720, height: 400 },
    ],
    [
      'keeps an empty surface',
      { width: 0, height: 0 },
      { width: 500, height: 500 },
      { width: 0, height: 0 },
    ],
  ])('%s', (_name, surface, available, fitted) => {
    expect(fitSize(surface, available)).toEqual(fitted);
  });
});

describe('surfacePoint', () => {
  const surface = { width: 720, height: 400 };
  it.each([
    [
      'scales a point on a half-size canvas',
      { x: 100, y: 50 },
      { width: 360, height: 200 },
      { x: 200, y: 100 },
    ],
    [
      'scales a point on a double-size canvas',
      { x: 100, y: 50 },
      { width: 1440, height: 800 },
      { x: 50, y: 25 },
    ],
    [
      'keeps a point inside the surface',
      { x: 400, y: -3 },
      { width: 360, height: 200 },
      { x: 719, y: 0 },
    ],
    [
      'leaves a point on an unsized canvas',
      { x: 7, y: 9 },
      { width: 0, height: 0 },
      { x: 7, y: 9 },
    ],
  ])('%s', (_name, offset, shown, point) => {
    expect(surfacePoint(offset, shown, surface)).toEqual(point);
  });
});

describe('attachScreenFit', () => {
  let fit: ScreenFit | undefined;
  afterEach(() => {
    fit?.dispose();
    document.body.replaceChildren();
  });

  /** A screen element of 360×400 CSS pixels, as the layout would size it. */
  function screenElement(): HTMLElement {
    const screen = document.createElement('div');
    Object.defineProperty(screen, 'clientWidth', { value: 360 });
    Object.defineProperty(screen, 'clientHeight', { value: 400 });
    document.body.append(screen);
    return screen;
  }

  /** What spice-html5 does for a primary surface: a canvas of the guest's size, a fixed height. */
  function drawSurface(screen: HTMLElement): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.width = 720;
    canvas.height = 400;
    screen.append(canvas);
    screen.style.height = '400px';
    return canvas;
  }

  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  it('fits a new canvas into the screen while scaled, and frees the screen’s height', async () => {
    const screen = screenElement();
    fit = attachScreenFit(screen, true);
    const canvas = drawSurface(screen);
    await settle();
    expect([canvas.style.width, canvas.style.height]).toEqual(['360px', '200px']);
    expect(screen.style.height).toBe('');
  });

  it('shows the canvas at its own size when scaling is off', async () => {
    const screen = screenElement();
    fit = attachScreenFit(screen, true);
    const canvas = drawSurface(screen);
    await settle();
    fit.setScaled(false);
    expect([canvas.style.width, canvas.style.height]).toEqual(['', '']);
    fit.setScaled(true);
    expect(canvas.style.width).toBe('360px');
  });

  it('gives the canvas’s listeners pointer positions in guest pixels', async () => {
    const screen = screenElement();
    fit = attachScreenFit(screen, true);
    const canvas = drawSurface(screen);
    await settle();
    Object.defineProperty(canvas, 'clientWidth', { value: 360 });
    Object.defineProperty(canvas, 'clientHeight', { value: 200 });
    const seen: [number, number][] = [];
    canvas.addEventListener('mousemove', (event) => seen.push([event.offsetX, event.offsetY]));
    canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: 100, clientY: 50, bubbles: true }));
    expect(seen).toEqual([[200, 100]]);
  });

  it('stops following the screen once disposed', async () => {
    const screen = screenElement();
    attachScreenFit(screen, true).dispose();
    const canvas = drawSurface(screen);
    await settle();
    expect(canvas.style.width).toBe('');
    const seen: number[] = [];
    canvas.addEventListener('mousedown', (event) => seen.push(event.offsetX));
    canvas.dispatchEvent(new MouseEvent('mousedown', { clientX: 100, bubbles: true }));
    expect(seen).toEqual([100]);
  });
});

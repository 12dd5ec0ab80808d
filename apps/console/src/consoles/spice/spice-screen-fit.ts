/** A width and a height, in pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A point, in pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

const positive = (size: Size): boolean => size.width > 0 && size.height > 0;

/**
 * The CSS size that shows a `surface` as large as fits in `available`, keeping its aspect ratio
 * (larger or smaller than the surface); the surface's own size when either is empty.
 */
export function fitSize(surface: Size, available: Size): Size {
  if (!positive(surface) || !positive(available)) return surface;
  const scale = Math.min(available.width / surface.width, available.height / surface.height);
  return {
    width: Math.max(1, Math.floor(surface.width * scale)),
    height: Math.max(1, Math.floor(surface.height * scale)),
  };
}

const clamp = (value: number, max: number): number => Math.min(Math.max(value, 0), max);

/**
 * Where a pointer at `offset` (CSS pixels inside a canvas shown at size `shown`) is on the
 * guest's `surface`: the offset scaled to surface pixels, kept inside the surface.
 */
export function surfacePoint(offset: Point, shown: Size, surface: Size): Point {
  if (!positive(shown) || !positive(surface)) return offset;
  return {
    x: clamp(Math.round((offset.x * surface.width) / shown.width), surface.width - 1),
    y: clamp(Math.round((offset.y * surface.height) / shown.height), surface.height - 1),
  };
}

/** What {@link attachScreenFit} returns. */
export interface ScreenFit {
  /** Scales the canvas to fit (true) or shows it at its own size (false). */
  setScaled(scaled: boolean): void;
  /** Stops following the screen. */
  dispose(): void;
}

const pointerEvents = ['mousemove', 'mousedown', 'mouseup'] as const;

/**
 * Gives a pointer event on a CSS-scaled canvas the offsets of the guest's pixels: spice-html5
 * reads `offsetX`/`offsetY` as surface coordinates, so they are overridden on the event before
 * the canvas's own listeners see it.
 */
function correctPointer(event: Event): void {
  const canvas = event.target;
  if (!(canvas instanceof HTMLCanvasElement) || !(event instanceof MouseEvent)) return;
  const shown = { width: canvas.clientWidth, height: canvas.clientHeight };
  const surface = { width: canvas.width, height: canvas.height };
  if (shown.width === surface.width && shown.height === surface.height) return;
  const point = surfacePoint({ x: event.offsetX, y: event.offsetY }, shown, surface);
  Object.defineProperty(event, 'offsetX', { value: point.x });
  Object.defineProperty(event, 'offsetY', { value: point.y });
}

/**
 * Keeps the canvas spice-html5 draws into `screen` fitted to `screen`'s box while scaling is on:
 * follows new canvases (a mode change makes one) and size changes, sets the canvas's CSS size
 * (its pixels stay the guest's), and corrects pointer positions for the scale.
 */
export function attachScreenFit(screen: HTMLElement, scaledAtStart: boolean): ScreenFit {
  let scaled = scaledAtStart;
  const apply = (): void => {
    // spice-html5 sets the screen's height to the surface's; the layout decides it here.
    screen.style.removeProperty('height');
    const canvas = screen.querySelector('canvas');
    if (canvas === null) return;
    canvas.style.display = 'block';
    canvas.style.margin = '0 auto';
    const size = scaled
      ? fitSize(
          { width: canvas.width, height: canvas.height },
          { width: screen.clientWidth, height: screen.clientHeight },
        )
      : undefined;
    canvas.style.width = size === undefined ? '' : `${String(size.width)}px`;
    canvas.style.height = size === undefined ? '' : `${String(size.height)}px`;
  };
  const mutations = new MutationObserver(apply);
  mutations.observe(screen, { childList: true });
  const resizes = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(apply);
  resizes?.observe(screen);
  for (const type of pointerEvents) screen.addEventListener(type, correctPointer, true);
  apply();
  return {
    setScaled: (next) => {
      scaled = next;
      apply();
    },
    dispose: () => {
      mutations.disconnect();
      resizes?.disconnect();
      for (const type of pointerEvents) screen.removeEventListener(type, correctPointer, true);
    },
  };
}

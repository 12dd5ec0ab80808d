import { inflateSync } from 'node:zlib';

/** A decoded 8-bit RGB or RGBA PNG (what QEMU's screendump writes): its size and raw pixels. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** Bytes per pixel: 3 (RGB) or 4 (RGBA). */
  readonly channels: number;
  readonly data: Buffer;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function predictor(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4:
      return paeth(a, b, c);
    default:
      return 0;
  }
}

function unfilter(raw: Buffer, width: number, height: number, channels: number): Buffer {
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (out[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (out[(y - 1) * stride + x - channels] ?? 0) : 0;
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      out[y * stride + x] = (value + predictor(filter, a, b, c)) & 0xff;
    }
  }
  return out;
}

/** Decodes a non-interlaced 8-bit RGB(A) PNG; throws on anything else. Test support only. */
export function decodePng(png: Buffer): Pixels {
  let offset = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') idat.push(body);
    offset += length + 12;
  }
  if (header === undefined) throw new Error('no IHDR chunk');
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  const colorType = header[9];
  if (header[8] !== 8 || (colorType !== 2 && colorType !== 6) || header[12] !== 0) {
    throw new Error('only 8-bit, non-interlaced RGB or RGBA PNGs are supported');
  }
  const channels = colorType === 2 ? 3 : 4;
  return {
    width,
    height,
    channels,
    data: unfilter(inflateSync(Buffer.concat(idat)), width, height, channels),
  };
}

/** The share of pixels whose colour differs from the top-left pixel (the background). */
export function foregroundShare(pixels: Pixels): number {
  const { data, channels } = pixels;
  const background = data.subarray(0, channels);
  let differing = 0;
  const total = pixels.width * pixels.height;
  for (let i = 0; i < total; i++) {
    if (!data.subarray(i * channels, (i + 1) * channels).equals(background)) differing++;
  }
  return differing / total;
}

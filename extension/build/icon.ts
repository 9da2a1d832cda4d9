import { deflateSync } from "node:zlib";

/** The sizes the manifest lists; the notification uses the largest. */
export const ICON_SIZES = [16, 48, 128] as const;

/** demo/favicon.svg's shapes on its 64-unit grid: a rounded square and an "E" of four bars. */
const RADIUS = 14;
const BARS: readonly [x0: number, y0: number, x1: number, y1: number][] = [
  [20, 16, 28, 48],
  [20, 16, 44, 23],
  [20, 29, 42, 36],
  [20, 41, 44, 48],
];
const BACKGROUND = [0xbe, 0x12, 0x3c] as const;
const SAMPLES = 4;

function inRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, RADIUS), 64 - RADIUS);
  const cy = Math.min(Math.max(y, RADIUS), 64 - RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

const inE = (x: number, y: number) => BARS.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * The extension's icon as a PNG of `size` pixels, drawn from the favicon's shapes (supersampled
 * for smooth edges): the toolbar and store want PNGs, and chrome.notifications needs an image it
 * can decode, which an SVG is not. Drawn at build time so no binary lives in the repository.
 */
export function iconPng(size: number): Buffer {
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) * 64) / size;
          const y = ((py + (sy + 0.5) / SAMPLES) * 64) / size;
          if (!inRoundedSquare(x, y)) continue;
          cover++;
          if (inE(x, y)) white++;
        }
      }
      const share = cover ? white / cover : 0;
      const at = 1 + px * 4;
      BACKGROUND.forEach((channel, i) => {
        row[at + i] = Math.round(channel + (255 - channel) * share);
      });
      row[at + 3] = Math.round((255 * cover) / SAMPLES ** 2);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Where the build writes each size, relative to the extension's root. */
export const iconPath = (size: number) => `icons/icon-${size}.png`;

#!/usr/bin/env node
// Draws build/icon.png (512×512 RGBA), the app icon electron-builder converts for every platform:
// a rounded square with a teal-to-indigo gradient and a white contact card. Plain Node (zlib),
// shapes as signed distance fields with 4×4 supersampling for smooth edges.
//   node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;

const TEAL = [13, 148, 136];
const INDIGO = [79, 70, 229];
const WHITE = [255, 255, 255];
const BADGE = [204, 251, 241];
const AVATAR = [15, 118, 110];
const NAME_LINE = [51, 65, 85];
const DETAIL_LINE = [148, 163, 184];

/** Signed distance to a rounded rectangle given by its centre, half-size and corner radius. */
function roundedRect(px, py, cx, cy, halfWidth, halfHeight, radius) {
  const qx = Math.abs(px - cx) - halfWidth + radius;
  const qy = Math.abs(py - cy) - halfHeight + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function circle(px, py, cx, cy, radius) {
  return Math.hypot(px - cx, py - cy) - radius;
}

/** A horizontal capsule (a text line) from x0 to x1 at height y. */
function capsule(px, py, x0, x1, y, thickness) {
  const radius = thickness / 2;
  return roundedRect(px, py, (x0 + x1) / 2, y, (x1 - x0) / 2, radius, radius);
}

const mix = (a, b, t) => a.map((value, index) => value + (b[index] - value) * t);

/** The layers, bottom to top: each returns [colour, opacity] at a point, or null where absent. */
const layers = [
  (x, y) =>
    roundedRect(x, y, 256, 256, 216, 216, 96) <= 0 ? [mix(TEAL, INDIGO, (x + y) / (2 * SIZE)), 1] : null,
  // A soft shadow under the card.
  (x, y) => {
    const distance = roundedRect(x, y, 256, 266, 150, 105, 28);
    if (distance > 18) return null;
    return [[15, 23, 42], 0.22 * Math.min(1, Math.max(0, (18 - distance) / 18) ** 2)];
  },
  (x, y) => (roundedRect(x, y, 256, 256, 150, 105, 28) <= 0 ? [WHITE, 1] : null),
  (x, y) => (circle(x, y, 186, 256, 54) <= 0 ? [BADGE, 1] : null),
  // Head and shoulders, clipped to the badge.
  (x, y) => {
    if (circle(x, y, 186, 256, 54) > 0) return null;
    const head = circle(x, y, 186, 238, 20);
    const shoulders = circle(x, y, 186, 306, 38);
    return Math.min(head, shoulders) <= 0 ? [AVATAR, 1] : null;
  },
  (x, y) => (capsule(x, y, 262, 364, 226, 18) <= 0 ? [NAME_LINE, 1] : null),
  (x, y) => (capsule(x, y, 262, 348, 258, 12) <= 0 ? [DETAIL_LINE, 1] : null),
  (x, y) => (capsule(x, y, 262, 322, 284, 12) <= 0 ? [DETAIL_LINE, 1] : null),
];

function pixel(px, py) {
  let red = 0;
  let green = 0;
  let blue = 0;
  let alpha = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      // Composite the layers "over" each other, premultiplied.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of layers) {
        const hit = layer(x, y);
        if (!hit) continue;
        const [[lr, lg, lb], la] = hit;
        r = lr * la + r * (1 - la);
        g = lg * la + g * (1 - la);
        b = lb * la + b * (1 - la);
        a = la + a * (1 - la);
      }
      red += r;
      green += g;
      blue += b;
      alpha += a;
    }
  }
  const count = SAMPLES * SAMPLES;
  if (alpha === 0) return [0, 0, 0, 0];
  // Back from premultiplied to straight alpha, as PNG stores it.
  return [red / alpha, green / alpha, blue / alpha, (alpha / count) * 255].map((value) =>
    Math.round(Math.min(255, value)),
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    rgba.set(pixel(x, y), (y * SIZE + x) * 4);
  }
}
const file = join(import.meta.dirname, 'icon.png');
writeFileSync(file, encodePng(SIZE, SIZE, rgba));
process.stdout.write(`Wrote ${file}\n`);

#!/usr/bin/env node
// Draws the app icon and writes it in the three forms electron-builder.yml names:
//   build/icon.png   1024×1024, the source (Linux packages, and what the others are drawn from)
//   build/icon.icns  macOS: 16 to 1024 pixels, PNG elements (build/icon-formats.mjs)
//   build/icon.ico   Windows: 16 to 256 pixels, PNG images
// A rounded square with a teal-to-indigo gradient and a white contact card. Plain Node, no network
// or native tools: shapes are signed distance fields in a 512-unit design space, sampled 4×4 per
// pixel at each size, so every size is drawn sharp rather than scaled down from another.
//   node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeIco, encodeIcns, encodePng, ICNS_TYPES } from './icon-formats.mjs';

/** The design space the shapes below are written in. */
const DESIGN = 512;
const SOURCE_SIZE = 1024;
const SAMPLES = 4;
/** Windows picks among these for the taskbar, Explorer's views and the installer (256 is the largest .ico holds). */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

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
    roundedRect(x, y, 256, 256, 216, 216, 96) <= 0 ? [mix(TEAL, INDIGO, (x + y) / (2 * DESIGN)), 1] : null,
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

/** One pixel of an icon `size` pixels wide: the layers sampled 4×4 inside it, in design units. */
function pixel(px, py, size) {
  const scale = DESIGN / size;
  let red = 0;
  let green = 0;
  let blue = 0;
  let alpha = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SAMPLES) * scale;
      const y = (py + (sy + 0.5) / SAMPLES) * scale;
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

function drawPng(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rgba.set(pixel(x, y, size), (y * size + x) * 4);
  }
  return encodePng(size, size, rgba);
}

const sizes = [...new Set([SOURCE_SIZE, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)])];
const pngBySize = new Map(sizes.map((size) => [size, drawPng(size)]));
const written = {
  'icon.png': pngBySize.get(SOURCE_SIZE),
  'icon.icns': encodeIcns(pngBySize),
  'icon.ico': encodeIco(ICO_SIZES.map((size) => pngBySize.get(size))),
};
for (const [name, bytes] of Object.entries(written)) {
  const file = join(import.meta.dirname, name);
  writeFileSync(file, bytes);
  process.stdout.write(`Wrote ${file} (${bytes.length} bytes)\n`);
}

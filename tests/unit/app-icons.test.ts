import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  encodeIcns,
  encodeIco,
  encodePng,
  ICNS_TYPES,
  pngSize,
  readIcns,
  readIco,
} from '../../build/icon-formats.mjs';

/**
 * The icons electron-builder.yml names, as `node build/make-icon.mjs` wrote them: checked here so a
 * hand-edited or truncated file fails before a packager on another machine does.
 */

const read = (name: string): Buffer => readFileSync(new URL(`../../build/${name}`, import.meta.url));

function solidPng(size: number): Buffer {
  return encodePng(size, size, Buffer.alloc(size * size * 4, 0x7f));
}

describe('the committed app icons', () => {
  it('have a 1024×1024 source', () => {
    expect(pngSize(read('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('give Windows PNG images from 16 to 256 pixels', () => {
    const images = readIco(read('icon.ico'));
    expect(images.map((image) => image.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const image of images) expect(pngSize(image.data)).toEqual({ width: image.width, height: image.height });
  });

  it('give macOS every size from 16 to 1024 pixels, each the size its type says', () => {
    const elements = readIcns(read('icon.icns'));
    expect(elements.map((element) => element.type)).toEqual(ICNS_TYPES.map(([type]) => type));
    for (const [index, element] of elements.entries()) {
      const size = ICNS_TYPES[index]![1];
      expect(pngSize(element.data)).toEqual({ width: size, height: size });
    }
  });
});

describe('the icon encoders', () => {
  it('write the .ico directory so its sizes and offsets lead to each PNG', () => {
    const pngs = [solidPng(16), solidPng(256)];
    const images = readIco(encodeIco(pngs));
    expect(images.map(({ width, height }) => [width, height])).toEqual([
      [16, 16],
      [256, 256],
    ]);
    expect(images.map((image) => Buffer.compare(image.data, pngs[images.indexOf(image)]!))).toEqual([0, 0]);
  });

  it('refuse what the formats cannot hold', () => {
    expect(() => encodeIco([solidPng(512)])).toThrow('at most 256×256');
    expect(() => encodeIcns(new Map([[16, solidPng(16)]]))).toThrow('no 32×32 PNG');
    expect(() => pngSize(Buffer.from('GIF89a and then some more bytes'))).toThrow('not a PNG');
    const icns = encodeIcns(new Map(ICNS_TYPES.map(([, size]) => [size, solidPng(size)])));
    expect(() => readIcns(icns.subarray(0, icns.length - 1))).toThrow('not an .icns');
  });
});

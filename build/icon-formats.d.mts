/** Types for build/icon-formats.mjs, so tests/unit/app-icons.test.ts can import it. */
export declare const PNG_SIGNATURE: Buffer;
export declare function encodePng(width: number, height: number, rgba: Buffer): Buffer;
export declare function pngSize(png: Buffer): { width: number; height: number };
export declare function encodeIco(pngs: readonly Buffer[]): Buffer;
export declare function readIco(ico: Buffer): { width: number; height: number; data: Buffer }[];
export declare const ICNS_TYPES: readonly (readonly [type: string, size: number])[];
export declare function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer;
export declare function readIcns(icns: Buffer): { type: string; data: Buffer }[];

/** Types for build/before-pack.mjs (electron-builder's `beforePack` hook), for its test. */
export declare function beforePack(context: { electronPlatformName: string }): Promise<void>;
export default beforePack;

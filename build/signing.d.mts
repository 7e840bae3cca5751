/** Types for build/signing.mjs, so tests/unit/release-signing.test.ts can import it. */
export declare const NOTARIZE_CREDENTIALS: readonly { name: string; variables: readonly string[] }[];
export declare function signingPlan(options: {
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
}): { lines: string[]; problems: string[] };

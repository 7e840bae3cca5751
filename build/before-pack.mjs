// electron-builder's `beforePack` hook (electron-builder.yml): before each platform is packaged,
// says what signing and notarisation will do, and stops the build when they are misconfigured.
import { signingPlan } from './signing.mjs';

export async function beforePack(context) {
  const { lines, problems } = signingPlan({ env: process.env, platform: context.electronPlatformName });
  for (const line of lines) process.stdout.write(`  • ${line}\n`);
  if (problems.length > 0) throw new Error(`Signing is misconfigured:\n  - ${problems.join('\n  - ')}`);
}

export default beforePack;

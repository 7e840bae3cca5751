// Code signing and notarisation, driven by environment variables (docs/release.md, "Signing").
// electron-builder itself signs and notarises when these variables are set; this module says,
// before packaging, what will happen for the platform being built — one clear line each — and
// stops a build whose credentials are half set or that must be signed (WINTOOK_REQUIRE_SIGNING=1)
// but cannot be. electron-builder.yml runs it as the `beforePack` hook (build/before-pack.mjs).

/** The three credential sets electron-builder's notarisation accepts (app-builder-lib, MacTargetHelper). */
export const NOTARIZE_CREDENTIALS = [
  { name: 'an App Store Connect API key', variables: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'] },
  { name: 'an Apple ID', variables: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'] },
  { name: 'a keychain profile', variables: ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'] },
];

const isSet = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/** Which of a credential set's variables are set. */
function credentialState(env, variables) {
  const present = variables.filter((name) => isSet(env, name));
  return { present, missing: variables.filter((name) => !present.includes(name)) };
}

function macSigning(env) {
  if (isSet(env, 'CSC_LINK')) {
    if (!isSet(env, 'CSC_KEY_PASSWORD')) return { problem: 'CSC_LINK is set but CSC_KEY_PASSWORD is not' };
    return { signed: true, line: 'macOS signing: with the Developer ID certificate in CSC_LINK' };
  }
  if (isSet(env, 'CSC_NAME')) return { signed: true, line: `macOS signing: with the keychain identity "${env.CSC_NAME}"` };
  return {
    signed: false,
    line: 'macOS signing: skipped — set CSC_LINK and CSC_KEY_PASSWORD (a Developer ID Application certificate) or CSC_NAME',
  };
}

function macNotarisation(env, signed) {
  const states = NOTARIZE_CREDENTIALS.map((set) => ({ ...set, ...credentialState(env, set.variables) }));
  const complete = states.find((state) => state.missing.length === 0);
  const partial = states.find((state) => state.present.length > 0 && state.missing.length > 0);
  if (!complete && partial) {
    return { problem: `notarisation with ${partial.name} needs ${partial.missing.join(', ')} too` };
  }
  if (!complete) {
    return {
      notarised: false,
      line:
        'macOS notarisation: skipped — set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER ' +
        '(or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID)',
    };
  }
  if (!signed) return { problem: 'notarisation credentials are set but the app would not be signed (set CSC_LINK)' };
  return { notarised: true, line: `macOS notarisation: with ${complete.name}, hardened runtime and build/entitlements.mac.plist` };
}

function windowsSigning(env) {
  const link = isSet(env, 'WIN_CSC_LINK') ? 'WIN_CSC_LINK' : isSet(env, 'CSC_LINK') ? 'CSC_LINK' : null;
  if (!link) {
    return { signed: false, line: 'Windows signing: skipped — set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD (an Authenticode .pfx)' };
  }
  const password = link === 'WIN_CSC_LINK' ? 'WIN_CSC_KEY_PASSWORD' : 'CSC_KEY_PASSWORD';
  if (!isSet(env, password)) return { problem: `${link} is set but ${password} is not` };
  return { signed: true, line: `Windows signing: with the Authenticode certificate in ${link}` };
}

/**
 * What signing does for one platform (`darwin`, `win32`, `linux`, as electron-builder names them):
 * the lines to print, and the problems that must stop the build.
 */
export function signingPlan({ env, platform }) {
  const required = env.WINTOOK_REQUIRE_SIGNING === '1';
  const outcomes = [];
  if (platform === 'darwin' || platform === 'mas') {
    const signing = macSigning(env);
    outcomes.push(signing);
    if (!signing.problem) outcomes.push(macNotarisation(env, signing.signed));
  } else if (platform === 'win32') {
    outcomes.push(windowsSigning(env));
  } else {
    // AppImage and .deb are not code-signed; the update feed's checksums (latest-linux.yml) guard downloads.
    outcomes.push({ line: 'Linux: packages are not signed; updates are checked against the feed’s SHA-512' });
  }
  const problems = outcomes.flatMap((outcome) => (outcome.problem ? [outcome.problem] : []));
  if (required) {
    for (const outcome of outcomes) {
      if (outcome.signed === false || outcome.notarised === false) problems.push(`WINTOOK_REQUIRE_SIGNING=1, but ${outcome.line}`);
    }
  }
  return { lines: outcomes.flatMap((outcome) => (outcome.line ? [outcome.line] : [])), problems };
}

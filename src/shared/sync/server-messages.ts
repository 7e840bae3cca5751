/**
 * Chatwoot answers a refused write with Rails' full messages, in English, joined with ", "
 * ("Email has already been taken", "Name can't be blank, Title is too long (maximum is 255
 * characters)"). Sync problems show them in the user's language: this reads the ones Chatwoot's
 * models produce (and our server copies) into a code, the attribute and its parameters. Anything
 * else is left to be shown as the server wrote it.
 */

export type ServerMessageCode = 'taken' | 'blank' | 'tooLong' | 'invalid';

export interface ServerMessagePart {
  code: ServerMessageCode;
  /** The attribute as Rails humanises it, in snake case: `email`, `phone_number`, `title`… */
  attribute: string;
  params: Record<string, number>;
}

const PATTERNS: [RegExp, ServerMessageCode][] = [
  [/^(.+?) has already been taken$/, 'taken'],
  [/^(.+?) can't be blank$/, 'blank'],
  [/^(.+?) is too long \(maximum is (\d+) characters?\)$/, 'tooLong'],
  [/^(.+?) is invalid$/, 'invalid'],
];

function parsePart(text: string): ServerMessagePart | null {
  for (const [pattern, code] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    // Rails' humanize: "phone_number" → "Phone number"; back again for a stable key.
    const attribute = (match[1] ?? '').trim().toLowerCase().replace(/\s+/g, '_');
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(attribute)) return null;
    return { code, attribute, params: code === 'tooLong' ? { max: Number(match[2]) } : {} };
  }
  return null;
}

/** The parts of a server's validation message, or null when any part is not one of the known forms. */
export function explainServerMessage(message: string): ServerMessagePart[] | null {
  const text = message.trim();
  if (text === '' || text.length > 2000) return null;
  const parts = text.split(', ').map(parsePart);
  return parts.every((p): p is ServerMessagePart => p !== null) ? parts : null;
}

/**
 * Chatwoot's (and our server's) fixed refusals, by what they mean, so the UI says them in the
 * user's language instead of ending a Spanish sentence in "(Invalid Access Token)" (issue 19).
 * The 403 our server gives an agent creating or renaming a label or an attribute definition has
 * the same text as Chatwoot's 401 policy refusal.
 */
export type KnownServerError = 'invalidToken' | 'otherAccount' | 'forbiddenAction' | 'accountNotFound';

const KNOWN_ERRORS: [RegExp, KnownServerError][] = [
  [/^Invalid Access Token$/i, 'invalidToken'],
  [/^You need to sign in or sign up before continuing\.?$/i, 'invalidToken'],
  [/^You are not authorized to access this account$/i, 'otherAccount'],
  [/^You are not authorized to do this action$/i, 'forbiddenAction'],
  [/^Resource could not be found$/i, 'accountNotFound'],
];

/** Which fixed refusal a server's message is, or null for any other text. */
export function knownServerError(message: string): KnownServerError | null {
  const text = message.trim();
  for (const [pattern, code] of KNOWN_ERRORS) if (pattern.test(text)) return code;
  return null;
}

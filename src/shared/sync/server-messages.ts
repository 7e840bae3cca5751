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
    const attribute = match[1].trim().toLowerCase().replace(/\s+/g, '_');
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

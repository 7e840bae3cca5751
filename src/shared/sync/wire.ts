import { z } from 'zod';
import {
  SOCIAL_NETWORKS,
  emptyContactFields,
  type ContactFields,
  type CustomAttributeValue,
  type SocialNetwork,
} from '../contact';
import { resolveCountry } from '../countries';
import { normalizeLabelList } from '../records';
import { normalizeEmail, stripInvisible } from '../validation/normalize';

/**
 * Between the local `ContactFields` and Chatwoot's contact JSON (chatwoot-contacts-notes.md §1.2):
 * `phone_number`, `additional_attributes.{company_name, city, country, country_code, description,
 * social_profiles}`, times in Unix seconds, labels through `/contacts/:id/labels` (inline as
 * `labels` only with the sync extension). Lossless for every field the app keeps.
 */

const jsonObject = z.record(z.string(), z.unknown());

/** A contact as either server sends it; unknown keys are ignored, missing optional ones default. */
export const contactJsonSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  identifier: z.string().nullable().optional(),
  blocked: z.boolean().optional(),
  additional_attributes: jsonObject.nullable().optional(),
  custom_attributes: jsonObject.nullable().optional(),
  created_at: z.number().nullable().optional(),
  last_activity_at: z.number().nullable().optional(),
  /** Sync extension only. */
  updated_at: z.number().nullable().optional(),
  version: z.number().int().nullable().optional(),
  labels: z.array(z.string()).optional(),
});
export type ContactJson = z.infer<typeof contactJsonSchema>;

/** What the sync engine keeps of a server contact. */
export interface ServerContact {
  serverId: number;
  fields: ContactFields;
  /** Null in stock Chatwoot (no versions). */
  version: number | null;
  createdAt: number | null;
  lastActivityAt: number | null;
  /** False when the JSON had no `labels` (stock Chatwoot): `fields.labels` is then empty, not known. */
  labelsKnown: boolean;
}

/** A server string as the app keeps it: invisible and bidi-control characters dropped (issue 17). */
const text = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const visible = stripInvisible(value);
  return visible.trim() !== '' ? visible : null;
};

/** Chatwoot keeps any JSON in custom attributes; the model keeps scalars, anything else as its JSON text. */
export function customValueOf(value: unknown): CustomAttributeValue {
  if (typeof value === 'string') return stripInvisible(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value === undefined ? null : JSON.stringify(value);
}

function socialProfilesOf(raw: unknown): ContactFields['socialProfiles'] {
  const profiles: ContactFields['socialProfiles'] = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return profiles;
  for (const [network, handle] of Object.entries(raw)) {
    if ((SOCIAL_NETWORKS as readonly string[]).includes(network) && typeof handle === 'string' && handle !== '') {
      profiles[network as SocialNetwork] = stripInvisible(handle);
    }
  }
  return profiles;
}

function countryCodeOf(code: string | null, name: string | null): string | null {
  if (code !== null) return resolveCountry(code)?.code ?? code.toUpperCase();
  return name !== null ? (resolveCountry(name)?.code ?? null) : null;
}

const secondsToMs = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1000) : null;

export function contactFromJson(json: ContactJson): ServerContact {
  const additional = json.additional_attributes ?? {};
  const custom: Record<string, CustomAttributeValue> = {};
  for (const [key, value] of Object.entries(json.custom_attributes ?? {})) custom[key] = customValueOf(value);
  const fields: ContactFields = {
    ...emptyContactFields(),
    name: stripInvisible(json.name ?? ''),
    // Every zero-width joiner too: an address is ASCII, a joiner in it only hides a difference.
    email: normalizeEmail(text(json.email)),
    phone: text(json.phone_number),
    identifier: text(json.identifier),
    company: text(additional.company_name),
    city: text(additional.city),
    country: text(additional.country),
    // A server that keeps only a name ("España", Chatwoot before country_code) gets the code the
    // import would give it (src/shared/countries); the name is kept as the server has it.
    countryCode: countryCodeOf(text(additional.country_code), text(additional.country)),
    description: text(additional.description),
    socialProfiles: socialProfilesOf(additional.social_profiles),
    labels: normalizeLabelList(json.labels ?? []),
    customAttributes: custom,
    blocked: json.blocked ?? false,
  };
  return {
    serverId: json.id,
    fields,
    version: json.version ?? null,
    createdAt: secondsToMs(json.created_at),
    lastActivityAt: secondsToMs(json.last_activity_at),
    labelsKnown: json.labels !== undefined,
  };
}

/** Parses a contact from an unknown body; null when it is not one. */
export function parseContactJson(value: unknown): ServerContact | null {
  const parsed = contactJsonSchema.safeParse(value);
  return parsed.success ? contactFromJson(parsed.data) : null;
}

/** Chatwoot's show/create/update bodies: `{payload: contact}` or `{payload: {contact}}`. */
export function contactOfResponse(body: unknown): ServerContact | null {
  if (typeof body !== 'object' || body === null) return null;
  const payload = (body as { payload?: unknown }).payload;
  if (typeof payload === 'object' && payload !== null && 'contact' in payload) {
    return parseContactJson((payload).contact);
  }
  return parseContactJson(payload);
}

/** The fields of `ContactFields` that travel in `additional_attributes`, with their wire keys. */
const ADDITIONAL_KEYS = {
  company: 'company_name',
  city: 'city',
  country: 'country',
  countryCode: 'country_code',
  description: 'description',
} as const satisfies Partial<Record<keyof ContactFields, string>>;

export interface ContactWriteRequest {
  /** The JSON for `POST /contacts` or `PATCH /contacts/:id`; null when no contact field changed. */
  body: Record<string, unknown> | null;
  /** Custom attribute keys to remove (`POST /contacts/:id/destroy_custom_attributes`): PATCH merges, it cannot remove. */
  removedCustomKeys: string[];
  /** The full label list for `POST /contacts/:id/labels`, when labels changed. */
  labels: string[] | null;
}

/**
 * The request(s) that bring the server from `base` to `base` + `changes`. Only the given fields are
 * sent; `additional_attributes` and `custom_attributes` are merged by the server (shallow), so they
 * carry only the changed keys. `base` null means a create: every non-empty field is sent.
 */
export function contactWriteRequest(changes: Partial<ContactFields>, base: ContactFields | null): ContactWriteRequest {
  const body: Record<string, unknown> = {};
  const additional: Record<string, unknown> = {};
  let removedCustomKeys: string[] = [];
  let labels: string[] | null = null;
  const has = <K extends keyof ContactFields>(key: K): boolean => changes[key] !== undefined;

  if (has('name')) body.name = changes.name;
  if (has('email')) body.email = changes.email;
  if (has('phone')) body.phone_number = changes.phone;
  if (has('identifier')) body.identifier = changes.identifier;
  if (has('blocked')) body.blocked = changes.blocked;
  for (const [field, wire] of Object.entries(ADDITIONAL_KEYS) as [keyof typeof ADDITIONAL_KEYS, string][]) {
    if (has(field)) additional[wire] = changes[field] ?? null;
  }
  if (has('socialProfiles')) additional.social_profiles = { ...changes.socialProfiles };
  if (base === null) {
    for (const [key, value] of Object.entries(additional)) {
      if (value === null || (typeof value === 'object' && Object.keys(value).length === 0)) delete additional[key];
    }
  }
  if (Object.keys(additional).length > 0) body.additional_attributes = additional;
  if (changes.customAttributes !== undefined) {
    const before = base?.customAttributes ?? {};
    const custom: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes.customAttributes)) {
      if (value === undefined) continue;
      if (!Object.hasOwn(before, key) || JSON.stringify(before[key]) !== JSON.stringify(value)) custom[key] = value;
    }
    // Own keys only: `"constructor" in {}` is true, and a removed "constructor" attribute was never destroyed (issue 17).
    const after = changes.customAttributes;
    removedCustomKeys = Object.keys(before).filter((key) => !Object.hasOwn(after, key));
    if (Object.keys(custom).length > 0) body.custom_attributes = custom;
  }
  if (changes.labels !== undefined) labels = normalizeLabelList(changes.labels);
  if (base === null) {
    // A create: drop empty values so a contact with only a name is the same request the web UI sends.
    for (const [key, value] of Object.entries(body)) if (value === null) delete body[key];
    if (labels !== null && labels.length === 0) labels = null;
  }
  return { body: Object.keys(body).length > 0 ? body : null, removedCustomKeys, labels };
}

import { CONTACT_SCALAR_FIELDS } from '../contact';
/**
 * Which contact field each CSV column goes to. Headers are matched in English, Spanish and
 * Chatwoot's export/import format; a column nobody recognises is ignored until the person says
 * otherwise, rather than silently becoming a custom attribute as in Chatwoot (notes §3.2, #3462).
 */
import { SOCIAL_NETWORKS, type SocialNetwork } from '../contact';
import { searchKey } from '../text';
import type { CustomAttributeDefinition, CustomAttributeType } from '../validation';

/** The standard contact fields a column can fill (one column each). */
export const MAPPABLE_FIELDS = CONTACT_SCALAR_FIELDS;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export type ColumnTarget =
  | { kind: 'ignore' }
  | { kind: 'field'; field: MappableField }
  | { kind: 'social'; network: SocialNetwork }
  /** One cell may hold several labels, separated by commas or semicolons. Several columns may be labels. */
  | { kind: 'labels' }
  /** An existing custom attribute, or one this import creates (`create` holds its type). */
  | { kind: 'attribute'; key: string; create?: CustomAttributeType };

export interface AttributeChoice extends CustomAttributeDefinition {
  displayName: string;
}

/** Header spellings, folded (lower case, no accents, runs of non-alphanumerics as "_"). */
const FIELD_ALIASES: Record<MappableField, readonly string[]> = {
  name: [
    'name',
    'nombre',
    'full_name',
    'fullname',
    'nombre_completo',
    'contact_name',
    'nombre_y_apellidos',
    'contacto',
    'contact',
  ],
  email: [
    'email',
    'e_mail',
    'mail',
    'email_address',
    'correo',
    'correo_electronico',
    'e_mail_address',
    'email_1',
  ],
  phone: [
    'phone_number',
    'phone',
    'telephone',
    'telefono',
    'tel',
    'movil',
    'mobile',
    'celular',
    'numero_de_telefono',
    'phone_1',
    'mobile_phone',
  ],
  identifier: ['identifier', 'identificador', 'external_id', 'id_externo', 'customer_id', 'id_cliente'],
  company: [
    'company',
    'company_name',
    'empresa',
    'compania',
    'organization',
    'organisation',
    'organizacion',
    'nombre_empresa',
  ],
  city: ['city', 'ciudad', 'localidad', 'town', 'poblacion', 'municipio'],
  country: ['country', 'pais', 'country_name', 'nombre_pais'],
  countryCode: ['country_code', 'codigo_pais', 'codigo_de_pais', 'iso_country', 'pais_iso'],
  description: ['description', 'descripcion', 'bio', 'about', 'notes', 'notas'],
  blocked: ['blocked', 'bloqueado'],
};

const LABEL_ALIASES = ['labels', 'label', 'etiquetas', 'etiqueta', 'tags', 'tag'];

const SOCIAL_ALIASES: Record<SocialNetwork, readonly string[]> = {
  facebook: ['facebook', 'social_facebook'],
  github: ['github', 'social_github'],
  instagram: ['instagram', 'social_instagram'],
  tiktok: ['tiktok', 'social_tiktok'],
  linkedin: ['linkedin', 'social_linkedin'],
  twitter: ['twitter', 'x', 'social_twitter'],
};

/** "Teléfono móvil " → "telefono_movil"; the form aliases are written in. */
export function foldHeader(header: string): string {
  return searchKey(header)
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

const ALIAS_TARGETS: ReadonlyMap<string, ColumnTarget> = (() => {
  const map = new Map<string, ColumnTarget>();
  for (const field of MAPPABLE_FIELDS)
    for (const alias of FIELD_ALIASES[field]) map.set(alias, { kind: 'field', field });
  for (const alias of LABEL_ALIASES) map.set(alias, { kind: 'labels' });
  for (const network of SOCIAL_NETWORKS)
    for (const alias of SOCIAL_ALIASES[network]) map.set(alias, { kind: 'social', network });
  return map;
})();

/** The target a header names on its own, before looking at the other columns. */
export function matchHeader(header: string, attributes: readonly AttributeChoice[] = []): ColumnTarget {
  const folded = foldHeader(header);
  if (folded === '') return { kind: 'ignore' };
  const known = ALIAS_TARGETS.get(folded);
  if (known) return known;
  // Chatwoot's export writes custom attributes under their key; people also use the display name.
  const attribute =
    attributes.find((a) => a.key === header.trim()) ??
    attributes.find((a) => foldHeader(a.key) === folded || foldHeader(a.displayName) === folded);
  return attribute ? { kind: 'attribute', key: attribute.key } : { kind: 'ignore' };
}

/**
 * One target per column. A field, social network or attribute already taken by an earlier column
 * (duplicate header names, "email" and "correo" side by side) leaves the later column ignored.
 */
export function autoMapping(
  headers: readonly string[],
  attributes: readonly AttributeChoice[] = [],
): ColumnTarget[] {
  const taken = new Set<string>();
  return headers.map((header) => {
    const target = matchHeader(header, attributes);
    const key = targetKey(target);
    if (key === null) return target;
    if (taken.has(key)) return { kind: 'ignore' };
    taken.add(key);
    return target;
  });
}

/** A key that two columns may not share; null for targets several columns may have (ignore, labels). */
export function targetKey(target: ColumnTarget): string | null {
  switch (target.kind) {
    case 'ignore':
    case 'labels':
      return null;
    case 'field':
      return `field:${target.field}`;
    case 'social':
      return `social:${target.network}`;
    case 'attribute':
      return `attribute:${target.key}`;
  }
}

export type MappingProblem =
  | { code: 'duplicate-target'; columns: number[]; target: ColumnTarget }
  | { code: 'nothing-identifies'; columns: number[] };

/**
 * What stops an import before it starts: two columns sent to the same field, or no column mapped
 * to name, email or phone (every contact needs one of them).
 */
export function mappingProblems(mapping: readonly ColumnTarget[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const byKey = new Map<string, number[]>();
  mapping.forEach((target, column) => {
    const key = targetKey(target);
    if (key === null) return;
    const columns = byKey.get(key) ?? [];
    columns.push(column);
    byKey.set(key, columns);
  });
  for (const columns of byKey.values()) {
    if (columns.length > 1)
      problems.push({ code: 'duplicate-target', columns, target: mapping[columns[0]!]! });
  }
  const identifies = mapping.some(
    (t) => t.kind === 'field' && (t.field === 'name' || t.field === 'email' || t.field === 'phone'),
  );
  if (!identifies) problems.push({ code: 'nothing-identifies', columns: [] });
  return problems;
}

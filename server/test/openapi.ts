/**
 * A small validator for the OpenAPI 3.0 schema subset Chatwoot's swagger uses ($ref, allOf, type,
 * properties, items, enum, nullable), so contract tests need no extra dependency.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  required?: string[];
}

interface Swagger {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

const SWAGGER_PATH = fileURLToPath(new URL('../../tests/fixtures/chatwoot/application_swagger.json', import.meta.url));

export function loadSwagger(path = SWAGGER_PATH): Swagger {
  return JSON.parse(readFileSync(path, 'utf8')) as Swagger;
}

export function resolve(swagger: Swagger, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 20; depth++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = swagger.components.schemas[name];
    if (!target) throw new Error(`unknown $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

export function responseSchema(swagger: Swagger, path: string, method: string, status = '200'): Schema {
  const schema = swagger.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no ${status} schema for ${method.toUpperCase()} ${path}`);
  return schema;
}

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Every way `value` breaks `schema`, as `path: problem`; `ignore` lists JSON paths (with `*` for array items) not to check. */
export function validate(swagger: Swagger, schema: Schema, value: unknown, path = '$', ignore: ReadonlySet<string> = new Set()): string[] {
  const generic = path.replace(/\[\d+\]/g, '[*]');
  if (ignore.has(generic)) return [];
  const resolved = resolve(swagger, schema);
  const errors: string[] = [];
  if (resolved.allOf) for (const part of resolved.allOf) errors.push(...validate(swagger, part, value, path, ignore));
  if (value === null) {
    if (resolved.type && !resolved.nullable) errors.push(`${path}: null where ${resolved.type} is required`);
    return errors;
  }
  const actual = typeOf(value);
  switch (resolved.type) {
    case undefined:
      break;
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${path}: ${actual} ${JSON.stringify(value)} is not an integer`);
      break;
    case 'number':
      if (actual !== 'number') errors.push(`${path}: ${actual} is not a number`);
      break;
    default:
      if (actual !== resolved.type) errors.push(`${path}: ${actual} is not ${resolved.type}`);
  }
  if (resolved.enum && !resolved.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(resolved.enum)}`);
  if (actual === 'object' && resolved.properties) {
    const object = value as Record<string, unknown>;
    for (const [key, property] of Object.entries(resolved.properties)) {
      if (key in object) errors.push(...validate(swagger, property, object[key], `${path}.${key}`, ignore));
    }
    for (const key of resolved.required ?? []) if (!(key in object)) errors.push(`${path}: missing ${key}`);
  }
  if (actual === 'array' && resolved.items) {
    (value as unknown[]).forEach((item, index) => errors.push(...validate(swagger, resolved.items as Schema, item, `${path}[${index}]`, ignore)));
  }
  return errors;
}

/** The documented properties of `schema` that `value` lacks: the swagger marks none required, so this is checked separately. */
export function missingProperties(swagger: Swagger, schema: Schema, value: Record<string, unknown>): string[] {
  const resolved = resolve(swagger, schema);
  const properties = { ...resolved.properties };
  for (const part of resolved.allOf ?? []) Object.assign(properties, resolve(swagger, part).properties);
  return Object.keys(properties).filter((key) => !(key in value));
}

import type { ColumnTarget, MAPPABLE_FIELDS } from '../../../shared/csv';
import type { SOCIAL_NETWORKS } from '../../../shared/contact';

/** A mapping target as the value of its <option> in the "Import as" select, and back. */
export function targetValue(target: ColumnTarget): string {
  switch (target.kind) {
    case 'ignore':
      return 'ignore';
    case 'labels':
      return 'labels';
    case 'field':
      return `field:${target.field}`;
    case 'social':
      return `social:${target.network}`;
    case 'attribute':
      return target.create ? `new:${target.key}` : `attr:${target.key}`;
  }
}

export function parseTargetValue(value: string): ColumnTarget {
  const [kind, ...rest] = value.split(':');
  const arg = rest.join(':');
  switch (kind) {
    case 'labels':
      return { kind: 'labels' };
    case 'field':
      return { kind: 'field', field: arg as (typeof MAPPABLE_FIELDS)[number] };
    case 'social':
      return { kind: 'social', network: arg as (typeof SOCIAL_NETWORKS)[number] };
    case 'attr':
      return { kind: 'attribute', key: arg };
    case 'new':
      return { kind: 'attribute', key: arg, create: 'text' };
    default:
      return { kind: 'ignore' };
  }
}

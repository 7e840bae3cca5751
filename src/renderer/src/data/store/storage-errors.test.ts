import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { isQuotaError } from './storage-errors';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('telling a full disk from other write failures (issue 17)', () => {
  it('recognises the DOMException, Dexie’s wrapper, an aborted transaction and a bulk write that hold it', () => {
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full', quota()))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted', quota()))).toBe(true);
    expect(isQuotaError(new Dexie.BulkError('bulk', { 3: quota() }))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
  });

  it('does not call other failures a full disk', () => {
    expect(isQuotaError(new Dexie.ConstraintError('duplicate key'))).toBe(false);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

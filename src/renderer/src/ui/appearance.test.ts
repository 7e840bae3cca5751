import { describe, expect, it } from 'vitest';
import { appearanceSettingSchema, resolveScheme } from './appearance';

describe('appearance', () => {
  it('follows the system only when set to System', () => {
    expect(resolveScheme('system', true)).toBe('dark');
    expect(resolveScheme('system', false)).toBe('light');
    expect(resolveScheme('light', true)).toBe('light');
    expect(resolveScheme('dark', false)).toBe('dark');
  });

  it('rejects a stored value that is not a choice', () => {
    expect(appearanceSettingSchema.safeParse('dark').success).toBe(true);
    expect(appearanceSettingSchema.safeParse('sepia').success).toBe(false);
    expect(appearanceSettingSchema.safeParse(null).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { Label } from '../../../shared/records';
import { LABEL_TITLE_MAX, checkLabelTitle } from './labelInput';

const label = (id: string, title: string): Label => ({
  id,
  title,
  color: '#1f93ff',
  description: '',
  serverId: null,
  createdAt: 0,
  updatedAt: 0,
});
const labels = [label('a', 'vip'), label('b', 'lead')];

describe('checkLabelTitle', () => {
  it('stores titles lower-case, trimmed, with inner spaces as "-"', () => {
    expect(checkLabelTitle('  VIP  Customer ', [])).toEqual({ ok: true, title: 'vip-customer' });
    expect(checkLabelTitle('Ñandú_2', [])).toEqual({ ok: true, title: 'ñandú_2' });
    expect(checkLabelTitle('v\u200bip', [])).toEqual({ ok: true, title: 'vip' });
  });

  it('asks for a title when there is none', () => {
    for (const raw of ['', '   ', '\u200b\u202e']) {
      expect(checkLabelTitle(raw, [])).toEqual({ ok: false, error: { ns: 'settings', code: 'label-required' } });
    }
  });

  it('refuses markup, punctuation and one-letter titles with the normalised title in the message', () => {
    expect(checkLabelTitle('<b>x</b>', [])).toEqual({
      ok: false,
      error: { ns: 'validation', code: 'label-invalid', params: { label: '<b>x</b>' } },
    });
    for (const raw of ['a,b', 'x', '-lead', 'vip!', '"quoted"', 'a.b']) {
      const check = checkLabelTitle(raw, []);
      expect(check.ok, raw).toBe(false);
      if (!check.ok) expect(check.error.code).toBe('label-invalid');
    }
  });

  it('refuses overlong titles, counting characters not UTF-16 units', () => {
    expect(checkLabelTitle('a'.repeat(LABEL_TITLE_MAX), []).ok).toBe(true);
    expect(checkLabelTitle('😀'.repeat(LABEL_TITLE_MAX), []).ok).toBe(false);
    expect(checkLabelTitle('é'.repeat(LABEL_TITLE_MAX), [])).toEqual({ ok: true, title: 'é'.repeat(LABEL_TITLE_MAX) });
    expect(checkLabelTitle('a'.repeat(LABEL_TITLE_MAX + 1), [])).toEqual({
      ok: false,
      error: { ns: 'validation', code: 'too-long', params: { max: LABEL_TITLE_MAX } },
    });
  });

  it('refuses a title another label has, in any case, but not the label being renamed', () => {
    expect(checkLabelTitle('VIP', labels)).toEqual({
      ok: false,
      error: { ns: 'settings', code: 'label-taken', params: { title: 'vip' } },
    });
    expect(checkLabelTitle('VIP', labels, 'a')).toEqual({ ok: true, title: 'vip' });
    expect(checkLabelTitle('lead', labels, 'a').ok).toBe(false);
  });
});

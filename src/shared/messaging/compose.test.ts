import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { conversationRequest, draftHasText, emptyDraft, MAX_RECIPIENTS, MESSAGE_MAX_LENGTH, splitRecipients, validateDraft, type ComposeDraft } from './compose';
import { inboxOption } from './eligibility';
import type { CachedInbox, ChannelType } from './records';

const NOW = 1_800_000_000_000;
const inbox = (id: number, channelType: ChannelType, extra: Partial<CachedInbox> = {}): CachedInbox => ({
  id,
  name: `Inbox ${id}`,
  channelType,
  provider: null,
  lockToSingleConversation: false,
  messageTemplates: [],
  fetchedAt: 0,
  ...extra,
});
const contact = { email: 'alice@x.test', phone: '+34600000000' };
const emailOption = inboxOption(inbox(1, 'Channel::Email'), contact, [], [], NOW);
const smsOption = inboxOption(inbox(2, 'Channel::Sms'), contact, [], [], NOW);
const templates = [
  { name: 'renewal', language: 'es', category: 'UTILITY', status: 'APPROVED', body: 'Hola {{1}}, tu plan {{2}} vence pronto.' },
  { name: 'old', language: 'es', category: 'UTILITY', status: 'REJECTED', body: 'x' },
];
const waOption = inboxOption(inbox(3, 'Channel::Whatsapp', { messageTemplates: templates }), contact, [], [], NOW);
const waOpen = inboxOption(inbox(3, 'Channel::Whatsapp', { messageTemplates: templates }), contact, [], [{ inboxId: 3, lastIncomingAt: NOW - 1000 }], NOW);
const draft = (patch: Partial<ComposeDraft>): ComposeDraft => ({ ...emptyDraft(1), ...patch });

describe('composer validation', () => {
  test('an inbox must be chosen and available', () => {
    expect(validateDraft(undefined, emptyDraft())).toEqual({ ok: false, errors: [{ field: 'inbox', code: 'inbox-required' }] });
    const unavailable = inboxOption(inbox(1, 'Channel::Email'), { email: null, phone: null }, [], [], NOW);
    expect(validateDraft(unavailable, draft({ content: 'hi' }))).toMatchObject({ ok: false, errors: [{ code: 'inbox-unavailable' }] });
  });

  test('the message needs visible text; it is trimmed', () => {
    for (const content of ['', '   ', '\n\t', '\u200b\u200d', '\u2060 ']) {
      expect(validateDraft(smsOption, draft({ inboxId: 2, content }))).toMatchObject({ ok: false, errors: [{ field: 'content', code: 'content-required' }] });
    }
    expect(validateDraft(smsOption, draft({ inboxId: 2, content: '  hola  ' }))).toMatchObject({ ok: true, message: { content: 'hola', cc: [], subject: '' } });
    expect(validateDraft(smsOption, draft({ inboxId: 2, content: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) }))).toMatchObject({ ok: false, errors: [{ code: 'content-too-long' }] });
  });

  test('email: empty subject allowed; CC/BCC must be valid addresses', () => {
    expect(validateDraft(emailOption, draft({ content: 'Hi' }))).toMatchObject({ ok: true, message: { subject: '' } });
    const result = validateDraft(emailOption, draft({ content: 'Hi', subject: ' Renewal ', cc: 'B@x.test; c@x.test,\nb@x.test', bcc: 'nope, d@x.test' }));
    expect(result).toEqual({ ok: false, errors: [{ field: 'bcc', code: 'email-invalid', value: 'nope' }] });
    const ok = validateDraft(emailOption, draft({ content: 'Hi', subject: ' Renewal ', cc: 'B@x.test; c@x.test,\nb@x.test', bcc: 'd@x.test' }));
    expect(ok).toEqual({ ok: true, message: { inboxId: 1, content: 'Hi', subject: 'Renewal', cc: ['b@x.test', 'c@x.test'], bcc: ['d@x.test'], template: null } });
    expect(validateDraft(emailOption, draft({ content: 'Hi', subject: 's'.repeat(256) }))).toMatchObject({ ok: false, errors: [{ code: 'subject-too-long' }] });
    const many = Array.from({ length: MAX_RECIPIENTS + 1 }, (_, i) => `p${i}@x.test`).join(',');
    expect(validateDraft(emailOption, draft({ content: 'Hi', cc: many }))).toMatchObject({ ok: false, errors: [{ field: 'cc', code: 'too-many-recipients' }] });
  });

  test('CC and BCC are ignored outside email', () => {
    expect(validateDraft(smsOption, draft({ inboxId: 2, content: 'x', cc: 'not an email', subject: 'S' }))).toMatchObject({ ok: true, message: { cc: [], subject: '' } });
  });

  test('property: any CC list of valid addresses passes, and one bad address is named', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a@x.test', 'b.c@y.org', 'Z@X.TEST'), { maxLength: 5 }), fc.constantFrom('a@', '@x.test', 'a b@x.test', 'ä@x.test'), (good, bad) => {
        const okResult = validateDraft(emailOption, draft({ content: 'x', cc: good.join(', ') }));
        expect(okResult.ok).toBe(true);
        const badResult = validateDraft(emailOption, draft({ content: 'x', cc: [...good, bad].join(', ') }));
        expect(badResult.ok).toBe(false);
        if (!badResult.ok) expect(badResult.errors.some((e) => e.field === 'cc' && e.code === 'email-invalid')).toBe(true);
      }),
    );
  });

  test('WhatsApp outside the window: an approved template with every parameter', () => {
    expect(validateDraft(waOption, draft({ inboxId: 3, content: 'free text' }))).toMatchObject({ ok: false, errors: [{ code: 'template-required' }] });
    expect(validateDraft(waOption, draft({ inboxId: 3, templateKey: 'old|es' }))).toMatchObject({ ok: false, errors: [{ code: 'template-required' }] });
    expect(validateDraft(waOption, draft({ inboxId: 3, templateKey: 'renewal|es', templateParams: { '1': 'Alice', '2': ' ' } }))).toEqual({
      ok: false,
      errors: [{ field: 'param:2', code: 'param-required' }],
    });
    const ok = validateDraft(waOption, draft({ inboxId: 3, templateKey: 'renewal|es', templateParams: { '1': 'Alice', '2': 'Oro' } }));
    expect(ok).toEqual({
      ok: true,
      message: {
        inboxId: 3,
        content: 'Hola Alice, tu plan Oro vence pronto.',
        subject: '',
        cc: [],
        bcc: [],
        template: { name: 'renewal', language: 'es', category: 'UTILITY', params: { '1': 'Alice', '2': 'Oro' } },
      },
    });
    // Inside the window free text is fine and no template is sent.
    expect(validateDraft(waOpen, draft({ inboxId: 3, content: 'hola' }))).toMatchObject({ ok: true, message: { template: null } });
  });

  test('draftHasText sees any typed field', () => {
    expect(draftHasText(emptyDraft(1))).toBe(false);
    expect(draftHasText(draft({ bcc: 'x' }))).toBe(true);
    expect(draftHasText(draft({ templateParams: { '1': 'a' } }))).toBe(true);
    expect(splitRecipients(' ; ,\n')).toEqual([]);
  });
});

describe('POST /conversations body', () => {
  test('notes §6 shape: cc as comma list, subject in additional_attributes, template_params', () => {
    const ok = validateDraft(emailOption, draft({ content: 'Hi', subject: 'S', cc: 'b@x.test,c@x.test' }));
    if (!ok.ok) throw new Error('expected ok');
    expect(conversationRequest(42, ok.message)).toEqual({
      inbox_id: 1,
      contact_id: 42,
      message: { content: 'Hi', cc_emails: 'b@x.test,c@x.test' },
      additional_attributes: { mail_subject: 'S' },
    });
    const wa = validateDraft(waOption, draft({ inboxId: 3, templateKey: 'renewal|es', templateParams: { '1': 'A', '2': 'B' } }));
    if (!wa.ok) throw new Error('expected ok');
    expect(conversationRequest(7, wa.message)).toMatchObject({
      message: { template_params: { name: 'renewal', category: 'UTILITY', language: 'es', processed_params: { '1': 'A', '2': 'B' } } },
    });
    expect(conversationRequest(7, wa.message)).not.toHaveProperty('additional_attributes');
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { channelOf, inboxOption, inboxOptions, needsTemplate, renderTemplate, sendableTemplates, templateParams, whatsappWindow, WHATSAPP_WINDOW_MS } from './eligibility';
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

const email = inbox(1, 'Channel::Email');
const sms = inbox(2, 'Channel::Sms');
const whatsapp = inbox(3, 'Channel::Whatsapp');
const website = inbox(4, 'Channel::WebWidget');
const api = inbox(5, 'Channel::Api');
const telegram = inbox(6, 'Channel::Telegram');
const all = [telegram, api, website, whatsapp, sms, email];

describe('channel eligibility', () => {
  test('email needs an email, SMS and WhatsApp a phone, with the reason when missing', () => {
    const none = { email: null, phone: null };
    expect(inboxOption(email, none, [], [], NOW)).toMatchObject({ eligible: false, reason: 'no-email' });
    expect(inboxOption(sms, none, [], [], NOW)).toMatchObject({ eligible: false, reason: 'no-phone' });
    expect(inboxOption(whatsapp, none, [], [], NOW)).toMatchObject({ eligible: false, reason: 'no-phone' });
    expect(inboxOption(email, { email: 'a@b.co', phone: null }, [], [], NOW)).toMatchObject({ eligible: true, channel: 'email' });
    expect(inboxOption(sms, { email: 'a@b.co', phone: null }, [], [], NOW)).toMatchObject({ eligible: false, reason: 'no-phone' });
    expect(inboxOption(whatsapp, { email: null, phone: '+34600000000' }, [], [], NOW)).toMatchObject({ eligible: true, channel: 'whatsapp' });
  });

  test('website only for a contact HMAC-verified on that very inbox (the guide, not Chatwoot code)', () => {
    const contact = { email: 'a@b.co', phone: '+34600000000' };
    expect(inboxOption(website, contact, [], [], NOW)).toMatchObject({ eligible: false, reason: 'not-identified' });
    expect(inboxOption(website, contact, [{ inboxId: 4, sourceId: 'v', hmacVerified: false }], [], NOW)).toMatchObject({ eligible: false });
    expect(inboxOption(website, contact, [{ inboxId: 99, sourceId: 'v', hmacVerified: true }], [], NOW)).toMatchObject({ eligible: false });
    expect(inboxOption(website, { email: null, phone: null }, [{ inboxId: 4, sourceId: 'v', hmacVerified: true }], [], NOW)).toMatchObject({ eligible: true });
  });

  test('API always; other channels never', () => {
    expect(inboxOption(api, { email: null, phone: null }, [], [], NOW)).toMatchObject({ eligible: true });
    expect(inboxOption(telegram, { email: 'a@b.co', phone: '+34600000000' }, [], [], NOW)).toMatchObject({ eligible: false, reason: 'unsupported-channel' });
    expect(channelOf('Channel::TwilioSms', 'whatsapp')).toBe('whatsapp');
    expect(channelOf('Channel::TwilioSms', 'sms')).toBe('sms');
  });

  test('offered inboxes first in Chatwoot order, then the unavailable ones', () => {
    const options = inboxOptions(all, { email: 'a@b.co', phone: null }, [], [], NOW);
    expect(options.map((o) => [o.inbox.id, o.eligible])).toEqual([
      [1, true],
      [5, true],
      [3, false],
      [2, false],
      [4, false],
      [6, false],
    ]);
  });

  test('property: eligibility depends only on what the rules name', () => {
    const contactArb = fc.record({ email: fc.option(fc.emailAddress(), { nil: null }), phone: fc.option(fc.constant('+34600000000'), { nil: null }) });
    const linkArb = fc.array(fc.record({ inboxId: fc.integer({ min: 1, max: 6 }), sourceId: fc.string(), hmacVerified: fc.boolean() }), { maxLength: 4 });
    fc.assert(
      fc.property(contactArb, linkArb, (contact, links) => {
        const options = inboxOptions(all, contact, links, [], NOW);
        expect(options).toHaveLength(all.length);
        for (const option of options) {
          const expected =
            option.channel === 'email'
              ? contact.email !== null
              : option.channel === 'sms' || option.channel === 'whatsapp'
                ? contact.phone !== null
                : option.channel === 'website'
                  ? links.some((l) => l.inboxId === option.inbox.id && l.hmacVerified)
                  : option.channel === 'api';
          expect(option.eligible).toBe(expected);
        }
        // Offered ones come before every unavailable one.
        const firstNo = options.findIndex((o) => !o.eligible);
        if (firstNo >= 0) expect(options.slice(firstNo).every((o) => !o.eligible)).toBe(true);
      }),
    );
  });
});

describe('WhatsApp 24-hour window', () => {
  test('open within 24 h of the last incoming message in that inbox, closed at exactly 24 h', () => {
    const at = NOW - WHATSAPP_WINDOW_MS + 1;
    expect(whatsappWindow(3, [{ inboxId: 3, lastIncomingAt: at }], NOW)).toEqual({ open: true, closesAt: at + WHATSAPP_WINDOW_MS });
    expect(whatsappWindow(3, [{ inboxId: 3, lastIncomingAt: NOW - WHATSAPP_WINDOW_MS }], NOW).open).toBe(false);
    expect(whatsappWindow(3, [{ inboxId: 9, lastIncomingAt: NOW }], NOW)).toEqual({ open: false, closesAt: null });
    expect(whatsappWindow(3, [], NOW)).toEqual({ open: false, closesAt: null });
    // The newest of several conversations counts.
    expect(whatsappWindow(3, [{ inboxId: 3, lastIncomingAt: NOW - 3 * WHATSAPP_WINDOW_MS }, { inboxId: 3, lastIncomingAt: NOW - 1000 }, { inboxId: 3, lastIncomingAt: null }], NOW).open).toBe(true);
  });

  test('a template is needed exactly when the window is closed', () => {
    const contact = { email: null, phone: '+34600000000' };
    expect(needsTemplate(inboxOption(whatsapp, contact, [], [], NOW))).toBe(true);
    expect(needsTemplate(inboxOption(whatsapp, contact, [], [{ inboxId: 3, lastIncomingAt: NOW - 60_000 }], NOW))).toBe(false);
    expect(needsTemplate(inboxOption(sms, contact, [], [], NOW))).toBe(false);
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: NOW }), { nil: null }), (last) => {
        const option = inboxOption(whatsapp, contact, [], [{ inboxId: 3, lastIncomingAt: last }], NOW);
        expect(needsTemplate(option)).toBe(last === null || NOW - last >= WHATSAPP_WINDOW_MS);
      }),
    );
  });
});

describe('templates', () => {
  test('placeholders in order, once each; numbered and named', () => {
    expect(templateParams('Hi {{1}}, order {{2}} ships {{ 1 }}; {{name}}')).toEqual(['1', '2', 'name']);
    expect(templateParams('no params {1} {{}} {{a b}}')).toEqual([]);
  });

  test('rendering replaces values literally (no $-patterns), leaving unknown placeholders', () => {
    expect(renderTemplate('Hi {{1}}, {{2}}', { '1': '$& $1 $$', toString: 'x' })).toBe('Hi $& $1 $$, {{2}}');
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(renderTemplate('<{{1}}>', { '1': value })).toBe(`<${value}>`);
      }),
    );
  });

  test('only approved templates are sendable', () => {
    const base = { language: 'es', category: 'UTILITY', body: 'x' };
    expect(sendableTemplates([{ ...base, name: 'a', status: 'APPROVED' }, { ...base, name: 'b', status: 'REJECTED' }, { ...base, name: 'c', status: 'approved' }]).map((t) => t.name)).toEqual(['a', 'c']);
  });
});

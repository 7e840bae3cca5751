import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { waitForApp } from './fixtures';
import { startServer, stopAllServers, type Server } from './server';

/**
 * "New message" from a contact (issue 9) against the project's real server, started here as `npm
 * run server` starts it (free port, throwaway PGlite directory, always stopped). Inboxes, templates
 * and a website identity are set up through the server's API, as an administrator would.
 */

let server: Server | null = null;
const inboxes: Record<string, number> = {};
const contacts: Record<string, number> = {};

function theServer(): Server {
  if (!server) throw new Error('server not started');
  return server;
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const target = theServer();
  const response = await fetch(`${target.url}/api/v1/accounts/1/${path}`, {
    method,
    headers: { api_access_token: target.token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function ok(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const reply = await api(method, path, body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as Record<string, unknown>;
}

interface RemoteConversation {
  id: number;
  inbox_id: number;
  additional_attributes: Record<string, unknown>;
  messages: { content: string; content_attributes: Record<string, unknown> }[];
}

async function remoteConversations(contact: string): Promise<RemoteConversation[]> {
  return (await ok('GET', `contacts/${contacts[contact]}/conversations`)).payload as RemoteConversation[];
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer();
  for (const [key, name, type] of [
    ['email', 'Soporte', 'email'],
    ['sms', 'Avisos SMS', 'sms'],
    ['whatsapp', 'WhatsApp Ventas', 'whatsapp'],
    ['website', 'Web', 'website'],
  ] as const) {
    inboxes[key] = (await ok('POST', 'inboxes', { name, channel: { type } })).id as number;
  }
  await ok('PATCH', `inboxes/${inboxes.whatsapp}`, {
    channel: {
      message_templates: [
        { name: 'renovacion', language: 'es', category: 'UTILITY', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hola {{1}}, su plan {{2}} vence pronto.' }] },
        { name: 'promo', language: 'es', category: 'MARKETING', status: 'REJECTED', components: [{ type: 'BODY', text: 'Oferta' }] },
      ],
    },
  });
  for (const [key, body] of [
    ['alice', { name: 'Alice Mail', email: 'alice@example.test', phone_number: '+34612345678' }],
    ['pedro', { name: 'Pedro Phone', phone_number: '+34622222222' }],
    ['wendy', { name: 'Wendy Web', email: 'wendy@example.test' }],
    ['olga', { name: 'Olga Offline', email: 'olga@example.test', phone_number: '+34633333333' }],
    ['rita', { name: 'Rita Refused', email: 'rita@example.test', phone_number: '+34644444444' }],
  ] as const) {
    contacts[key] = ((await ok('POST', 'contacts', body)).payload as { contact: { id: number } }).contact.id;
  }
  await ok('POST', `contacts/${contacts.wendy}/contact_inboxes`, { inbox_id: inboxes.website, source_id: 'wendy-visitor', hmac_verified: true });
});

test.afterAll(async () => {
  await stopAllServers();
});

interface Profile {
  context: BrowserContext;
  page: Page;
}

/** A fresh profile already connected (the web host keeps the connection in localStorage). */
async function openProfile(browser: Browser, locale = 'en-US'): Promise<Profile> {
  const target = theServer();
  const baseURL = test.info().project.use.baseURL!;
  const context = await browser.newContext({
    ...test.info().project.use,
    locale,
    storageState: {
      cookies: [],
      origins: [
        {
          origin: new URL(baseURL).origin,
          localStorage: [{ name: 'wintook:server-connection', value: JSON.stringify({ origin: target.url, accountId: 1, token: target.token }) }],
        },
      ],
    },
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[pageerror] ${error.message.slice(0, 400)}\n`));
  await page.goto('/');
  await waitForApp(page);
  return { context, page };
}

function footer(page: Page): Locator {
  return page.getByRole('contentinfo').getByRole('status');
}

function panel(page: Page): Locator {
  return page.getByRole('complementary', { name: /Contact details|Detalles del contacto/ });
}

async function openContact(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(panel(page).getByRole('heading', { name, exact: true })).toBeVisible();
}

async function shot(target: Page | Locator, name: string): Promise<void> {
  const dir = join(test.info().project.outputDir, 'message-screens');
  mkdirSync(dir, { recursive: true });
  await target.screenshot({ path: join(dir, `${name}.png`) });
}

function composer(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name: `New message to ${name}` });
}

async function firstSync(page: Page): Promise<void> {
  await expect(footer(page)).toHaveText(/^Up to date/, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Alice Mail', exact: true })).toBeVisible();
}

test('compose on each channel: offered inboxes, validation, sent online', async ({ browser }) => {
  const { context, page } = await openProfile(browser);
  try {
    await firstSync(page);
    await openContact(page, 'Alice Mail');
    // The new button does not push the sidebar's other actions out of sight.
    await expect(panel(page).getByRole('button', { name: 'Delete contact' })).toBeInViewport({ ratio: 1 });
    await panel(page).getByRole('button', { name: 'New message' }).click();
    const dialog = composer(page, 'Alice Mail');
    await expect(dialog).toBeVisible();
    const inbox = dialog.getByLabel('Send from');
    await expect(inbox.getByRole('option', { name: 'Soporte (Email)' })).toBeEnabled();
    await expect(inbox.getByRole('option', { name: 'WhatsApp Ventas (WhatsApp)' })).toBeEnabled();
    await expect(inbox.getByRole('option', { name: 'Avisos SMS (SMS)' })).toBeEnabled();
    await expect(inbox.getByRole('option', { name: 'Web (Website) — only for contacts identified by HMAC on this website' })).toBeDisabled();
    await expect(dialog.getByText('Web: only for contacts identified by HMAC on this website')).toBeVisible();
    // Email first (Chatwoot's order): subject, CC and BCC.
    await expect(inbox).toHaveValue(String(inboxes.email));

    // Validation: an empty message, a bad CC address.
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog.getByText('Write a message.')).toBeVisible();
    await expect(dialog.getByLabel('Message')).toBeFocused();
    await dialog.getByLabel('Subject').fill('Su renovación');
    await dialog.getByLabel('CC', { exact: true }).fill('boss@example.test, not-an-address');
    await dialog.getByLabel('Message').fill('Hola Alice,\n<b>no es HTML</b>');
    await dialog.getByLabel('Message').press('Control+Enter');
    await expect(dialog.getByText('“not-an-address” is not a valid email address.')).toBeVisible();
    await shot(dialog, 'compose-email-errors-en');
    await dialog.getByLabel('CC', { exact: true }).fill('boss@example.test');
    await dialog.getByLabel('Message').press('Control+Enter');
    await expect(dialog).toBeHidden();

    const list = panel(page).getByRole('list', { name: 'Conversations' });
    await expect(list.getByRole('listitem').filter({ hasText: 'Soporte · Email' })).toContainText('Open', { timeout: 20_000 });
    // Shown as text, never as markup.
    await expect(list.getByText('<b>no es HTML</b>', { exact: false })).toBeVisible();
    await expect.poll(async () => (await remoteConversations('alice')).length).toBe(1);
    const [email] = await remoteConversations('alice');
    expect(email).toMatchObject({ inbox_id: inboxes.email, additional_attributes: { mail_subject: 'Su renovación' } });
    expect(email.messages[0]).toMatchObject({ content: 'Hola Alice,\n<b>no es HTML</b>', content_attributes: { cc_emails: ['boss@example.test'] } });

    // WhatsApp outside the 24-hour window: a template, every parameter ($mod+Shift+M opens the composer).
    await page.locator('body').press('Control+Shift+M');
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Send from').selectOption(String(inboxes.whatsapp));
    await expect(dialog.getByText('The contact has not written in the last 24 hours: WhatsApp only allows a template message.')).toBeVisible();
    await expect(dialog.getByLabel('Template').getByRole('option')).toHaveText(['Choose a template', 'renovacion (es)']);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog.getByText('Outside the 24-hour window WhatsApp needs a template: choose one.')).toBeVisible();
    await dialog.getByLabel('Template').selectOption({ label: 'renovacion (es)' });
    await dialog.getByLabel('Parameter 1').fill('Alice');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog.getByLabel('Parameter 2')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText('Fill in this parameter.')).toBeVisible();
    await dialog.getByLabel('Parameter 2').fill('Oro');
    await expect(dialog.getByText('Hola Alice, su plan Oro vence pronto.')).toBeVisible();
    await shot(dialog, 'compose-whatsapp-template-en');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    await expect(list.getByRole('listitem').filter({ hasText: 'WhatsApp Ventas' })).toContainText('Open', { timeout: 20_000 });
    await expect(list.getByRole('listitem').filter({ hasText: 'WhatsApp Ventas' })).toContainText('Hola Alice, su plan Oro vence pronto.');

    // SMS: just the message.
    await page.locator('body').press('Control+Shift+M');
    await dialog.getByLabel('Send from').selectOption(String(inboxes.sms));
    await expect(dialog.getByLabel('Subject')).toHaveCount(0);
    await dialog.getByLabel('Message').fill('Recordatorio por SMS');
    await dialog.getByLabel('Message').press('Control+Enter');
    await expect(list.getByRole('listitem').filter({ hasText: 'Avisos SMS' })).toContainText('Open', { timeout: 20_000 });
    await expect.poll(async () => (await remoteConversations('alice')).length).toBe(3);
    await shot(panel(page), 'sidebar-conversations-en');

    // Esc with typed text asks first.
    await page.locator('body').press('Control+Shift+M');
    await dialog.getByLabel('Message').fill('a medias');
    await page.keyboard.press('Escape');
    await expect(dialog.getByRole('alertdialog', { name: 'Discard this message?' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep writing' }).click();
    await expect(dialog.getByLabel('Message')).toHaveValue('a medias');
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await expect(dialog).toBeHidden();
    expect(await remoteConversations('alice')).toHaveLength(3);

    // A contact with a phone only: email is not offered, with the reason.
    await openContact(page, 'Pedro Phone');
    await panel(page).getByRole('button', { name: 'New message' }).click();
    const pedro = composer(page, 'Pedro Phone');
    await expect(pedro.getByLabel('Send from').getByRole('option', { name: 'Soporte (Email) — the contact has no email address' })).toBeDisabled();
    await expect(pedro.getByLabel('Send from')).toHaveValue(String(inboxes.whatsapp));
    await page.keyboard.press('Escape');
    await expect(pedro).toBeHidden();

    // A contact identified by HMAC on the website: the website inbox is offered (read when the sidebar opened).
    await openContact(page, 'Wendy Web');
    await panel(page).getByRole('button', { name: 'New message' }).click();
    const wendy = composer(page, 'Wendy Web');
    await expect(wendy.getByLabel('Send from').getByRole('option', { name: 'Web (Website)' })).toBeEnabled({ timeout: 20_000 });
    await expect(wendy.getByLabel('Send from').getByRole('option', { name: /Avisos SMS.*no phone number/ })).toBeDisabled();
    await wendy.getByLabel('Send from').selectOption(String(inboxes.website));
    await wendy.getByLabel('Message').fill('Hola desde la web');
    await wendy.getByRole('button', { name: 'Send' }).click();
    await expect(panel(page).getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Web · Website' })).toContainText('Open', { timeout: 20_000 });
  } finally {
    await context.close();
  }
});

test('offline: the message waits, and goes when the app is back online', async ({ browser }) => {
  const { context, page } = await openProfile(browser);
  try {
    await firstSync(page);
    await openContact(page, 'Olga Offline');
    // "Last activity" is the sidebar's term; its value is the definition right after it.
    const lastActivity = panel(page).getByRole('term').filter({ hasText: 'Last activity' }).locator('xpath=following-sibling::dd[1]');
    await expect(lastActivity).toHaveText('Never');
    // Inboxes were cached by the first sync: composing works without a network.
    await context.setOffline(true);
    await panel(page).getByRole('button', { name: 'New message' }).click();
    const dialog = composer(page, 'Olga Offline');
    await dialog.getByLabel('Send from').selectOption(String(inboxes.sms));
    await dialog.getByLabel('Message').fill('Enviado sin conexión');
    await dialog.getByLabel('Message').press('Control+Enter');
    await expect(dialog).toBeHidden();
    const item = panel(page).getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Enviado sin conexión' });
    await expect(item).toContainText('Waiting to send');
    // Sending is activity: "Last activity" moves at once, before the server has the message (issue 16).
    await expect(lastActivity).not.toHaveText('Never');
    await expect(footer(page)).toHaveText(/^Offline — 1 change waiting/, { timeout: 15_000 });
    await shot(page, 'offline-waiting-en');
    expect(await remoteConversations('olga')).toHaveLength(0);

    await context.setOffline(false);
    await expect(item).toContainText('Open', { timeout: 30_000 });
    await expect(footer(page)).toHaveText(/^Up to date/, { timeout: 30_000 });
    const remote = await remoteConversations('olga');
    expect(remote.map((conversation) => conversation.messages[0]?.content)).toEqual(['Enviado sin conexión']);
    // The server recorded the activity too, and the feed brought it back without undoing ours.
    const contact = (await ok('GET', `contacts/${contacts.olga}`)).payload as { last_activity_at?: number };
    expect(contact.last_activity_at).toEqual(expect.any(Number));
    await expect(lastActivity).not.toHaveText('Never');
  } finally {
    await context.close();
  }
});

test('a send the server refuses shows its reason in the sidebar and in Sync problems', async ({ browser }) => {
  const { context, page } = await openProfile(browser);
  try {
    await firstSync(page);
    await openContact(page, 'Rita Refused');
    await context.setOffline(true);
    // Meanwhile someone removes Rita's phone on the server: SMS is refused when the message arrives.
    await ok('PATCH', `contacts/${contacts.rita}`, { phone_number: null });
    await panel(page).getByRole('button', { name: 'New message' }).click();
    const dialog = composer(page, 'Rita Refused');
    await dialog.getByLabel('Send from').selectOption(String(inboxes.sms));
    await dialog.getByLabel('Message').fill('No llegará');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    await context.setOffline(false);
    const item = panel(page).getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'No llegará' });
    await expect(item).toContainText('Not sent: param is missing or the value is empty: contact phone number', { timeout: 30_000 });
    // The refusal is this conversation's only state: no "Open", no "Waiting to send".
    await expect(item).not.toContainText('Waiting to send');
    await shot(panel(page), 'sidebar-not-sent-en');
    await expect(footer(page)).toContainText('Sync problem', { timeout: 15_000 });
    await footer(page).getByRole('button').click();
    const problems = page.getByRole('dialog', { name: 'Sync problems' });
    await expect(problems.getByText('param is missing or the value is empty: contact phone number')).toBeVisible();
    await shot(problems, 'sync-problems-message-en');
    expect(await remoteConversations('rita')).toHaveLength(0);
    // Discard: the unsent conversation goes away after the next sync.
    await problems.getByRole('button', { name: /^Discard/ }).click();
    await page.keyboard.press('Escape');
    await page.locator('body').press('Control+Shift+S');
    await expect(item).toHaveCount(0, { timeout: 20_000 });
  } finally {
    await context.close();
  }
});

test.describe('Spanish', () => {
  test('the composer and the conversations in Spanish', async ({ browser }) => {
    const { context, page } = await openProfile(browser, 'es-ES');
    try {
      await expect(footer(page)).toHaveText(/^Al día/, { timeout: 30_000 });
      await expect(page.getByRole('button', { name: 'Pedro Phone', exact: true })).toBeVisible({ timeout: 30_000 });
      await openContact(page, 'Pedro Phone');
      await panel(page).getByRole('button', { name: 'Nuevo mensaje' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nuevo mensaje a Pedro Phone' });
      await expect(dialog.getByLabel('Enviar desde').getByRole('option', { name: 'Soporte (Correo electrónico) — el contacto no tiene correo electrónico' })).toBeDisabled();
      await dialog.getByRole('button', { name: 'Enviar' }).click();
      await expect(dialog.getByText('Fuera de la ventana de 24 horas WhatsApp exige una plantilla: elige una.')).toBeVisible();
      await shot(dialog, 'compose-whatsapp-es');
      await dialog.getByLabel('Enviar desde').selectOption(String(inboxes.sms));
      await dialog.getByLabel('Mensaje').fill('Hola Pedro');
      await dialog.getByLabel('Mensaje').press('Control+Enter');
      await expect(dialog).toBeHidden();
      const item = panel(page).getByRole('list', { name: 'Conversaciones' }).getByRole('listitem').filter({ hasText: 'Hola Pedro' });
      await expect(item).toContainText('Abierta', { timeout: 30_000 });
      await shot(panel(page), 'sidebar-conversations-es');
    } finally {
      await context.close();
    }
  });
});

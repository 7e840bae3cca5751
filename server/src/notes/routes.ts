/** Contact notes (notes §5): Markdown `content`, newest first, any account user may edit or delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf, type ServerContext } from '../http/context';
import { findContact, unixSeconds } from '../contacts/model';
import { returnedRow, type Queryable } from '../db/database';
import { invalidRecord, notFound, parseBody, parseId } from '../http/errors';
import { checkVersion, ifMatchVersion, performWrite, sendWrite, versionHeaders } from '../http/write';

/** Chatwoot's generic text column limit. */
export const NOTE_CONTENT_MAX = 20_000;

export interface NoteRow {
  id: number;
  account_id: number;
  contact_id: number;
  user_id: number | null;
  user_name: string | null;
  user_email: string | null;
  content: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const NOTE_SELECT = `SELECT n.id, n.account_id, n.contact_id, n.user_id, u.name AS user_name, u.email AS user_email,
       n.content, n.version, n.created_at, n.updated_at
  FROM notes n LEFT JOIN users u ON u.id = n.user_id`;

export function serializeNote(row: NoteRow, strict: boolean): Record<string, unknown> {
  const user =
    row.user_id === null
      ? null
      : { id: row.user_id, name: row.user_name, available_name: row.user_name, email: row.user_email, thumbnail: '' };
  const json: Record<string, unknown> = {
    id: row.id,
    content: row.content,
    account_id: row.account_id,
    contact_id: row.contact_id,
    user,
    created_at: unixSeconds(row.created_at),
    updated_at: unixSeconds(row.updated_at),
  };
  if (!strict) json.version = row.version;
  return json;
}

export async function findNotes(db: Queryable, accountId: number, ids: readonly number[]): Promise<NoteRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<NoteRow>(`${NOTE_SELECT} WHERE n.account_id = $1 AND n.id = ANY($2::bigint[])`, [accountId, ids]);
  return rows;
}

/** `{"note": {"content": …}}`, or flat `{"content": …}` as Rails' wrap_parameters allows. */
const noteBodySchema = z.preprocess(
  (body) => (typeof body === 'object' && body !== null && 'note' in body && typeof body.note === 'object' ? body.note : body),
  z.object({ content: z.string().nullable().optional() }),
);

function validContent(content: string | null | undefined): string {
  if (content === undefined || content === null || content.trim() === '') {
    throw invalidRecord([{ attribute: 'content', message: "Content can't be blank" }]);
  }
  if (content.length > NOTE_CONTENT_MAX) {
    throw invalidRecord([{ attribute: 'content', message: `Content is too long (maximum is ${NOTE_CONTENT_MAX} characters)` }]);
  }
  return content;
}

export function registerNoteRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context;
  const ids = (request: FastifyRequest) => {
    const params = request.params as { id: string; note_id?: string };
    return { contactId: parseId(params.id), noteId: params.note_id === undefined ? 0 : parseId(params.note_id) };
  };
  const requireContact = async (tx: Queryable, accountId: number, contactId: number) => {
    if (!(await findContact(tx, accountId, contactId))) throw notFound();
  };
  const requireNote = async (tx: Queryable, accountId: number, contactId: number, noteId: number, lock = false) => {
    const { rows } = await tx.query<NoteRow>(
      `${NOTE_SELECT} WHERE n.account_id = $1 AND n.contact_id = $2 AND n.id = $3${lock ? ' FOR UPDATE OF n' : ''}`,
      [accountId, contactId, noteId],
    );
    if (!rows[0]) throw notFound();
    return rows[0];
  };
  const headers = (version: number) => versionHeaders(context.strict, version);

  app.get('/contacts/:id/notes', async (request) => {
    const principal = principalOf(request);
    const { contactId } = ids(request);
    await requireContact(db, principal.accountId, contactId);
    const { rows } = await db.query<NoteRow>(`${NOTE_SELECT} WHERE n.account_id = $1 AND n.contact_id = $2 ORDER BY n.created_at DESC, n.id DESC`, [
      principal.accountId,
      contactId,
    ]);
    return rows.map((row) => serializeNote(row, context.strict));
  });

  app.post('/contacts/:id/notes', async (request, reply) => {
    const principal = principalOf(request);
    const { contactId } = ids(request);
    const content = validContent(parseBody(noteBodySchema, request.body).content);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      await requireContact(tx, principal.accountId, contactId);
      const { rows } = await tx.query<{ id: number }>('INSERT INTO notes (account_id, contact_id, user_id, content) VALUES ($1, $2, $3, $4) RETURNING id', [
        principal.accountId,
        contactId,
        principal.user.id,
        content,
      ]);
      const row = returnedRow(rows, 'INSERT INTO notes');
      const note = await requireNote(tx, principal.accountId, contactId, row.id);
      await changes.record('note', note.id, 'upsert', note.version);
      return { status: 200, body: serializeNote(note, context.strict), headers: headers(note.version) };
    });
    return sendWrite(reply, result);
  });

  app.get('/contacts/:id/notes/:note_id', async (request, reply) => {
    const principal = principalOf(request);
    const { contactId, noteId } = ids(request);
    const note = await requireNote(db, principal.accountId, contactId, noteId);
    reply.headers(headers(note.version));
    return serializeNote(note, context.strict);
  });

  const update = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    const { contactId, noteId } = ids(request);
    // Chatwoot's update ignores an invalid note silently (`update` without a bang); here it is a 422.
    const content = validContent(parseBody(noteBodySchema, request.body).content);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireNote(tx, principal.accountId, contactId, noteId, true);
      await checkVersion(expected, current.version, async () => serializeNote(current, context.strict));
      if (current.content === content) return { status: 200, body: serializeNote(current, context.strict), headers: headers(current.version) };
      await tx.query('UPDATE notes SET content = $2, version = version + 1, updated_at = now() WHERE id = $1', [noteId, content]);
      const note = await requireNote(tx, principal.accountId, contactId, noteId);
      await changes.record('note', note.id, 'upsert', note.version);
      return { status: 200, body: serializeNote(note, context.strict), headers: headers(note.version) };
    });
    return sendWrite(reply, result);
  };
  app.patch('/contacts/:id/notes/:note_id', update);
  app.put('/contacts/:id/notes/:note_id', update);

  app.delete('/contacts/:id/notes/:note_id', async (request, reply) => {
    const principal = principalOf(request);
    const { contactId, noteId } = ids(request);
    const expected = ifMatchVersion(request, context.strict);
    const result = await performWrite(context, request, principal, async ({ tx, changes }) => {
      const current = await requireNote(tx, principal.accountId, contactId, noteId, true);
      await checkVersion(expected, current.version, async () => serializeNote(current, context.strict));
      await tx.query('DELETE FROM notes WHERE id = $1', [noteId]);
      await changes.record('note', noteId, 'delete', current.version + 1);
      return { status: 200, body: null };
    });
    return sendWrite(reply, result);
  });
}

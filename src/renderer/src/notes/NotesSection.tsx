import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  documentToMarkdown,
  markdownToDocument,
  noteDocumentOf,
  parseNoteDocument,
  type NoteDocument,
} from '../../../shared/notes';
import type { Note } from '../../../shared/records';
import { formatKeys } from '../../../shared/shortcuts';
import { useServices } from '../ui/services';
import { InvalidNoteError, NOTE_MAX_LENGTH, notesServiceOf } from '../data/api';
import { Dialog } from '../ui/Dialog';
import { formatExactDate, formatRelativeDate } from '../ui/time';
import { useToasts } from '../ui/toasts';
import { useNow } from '../ui/useNow';
import { NoteContent } from './NoteContent';
import { NoteEditor } from './NoteEditor';
import './notes.css';

/** The setting holding the name notes are signed with until there is a signed-in user. */
export const NOTE_AUTHOR_SETTING = 'notes.authorName';

/**
 * Unsaved composer text per contact, for this window's lifetime: closing the sidebar (Esc) or
 * switching contacts does not throw away a half-written note.
 */
const drafts = new Map<string, NoteDocument>();

/** What is stored for an edited document: its Markdown, and the document that Markdown reads back as. */
function bodyOf(document: NoteDocument): { bodyMarkdown: string; bodySlate: NoteDocument } {
  const bodyMarkdown = documentToMarkdown(document);
  // Stored as the Markdown reads back, so this copy and the server's (Markdown only) always agree.
  return { bodyMarkdown, bodySlate: markdownToDocument(bodyMarkdown) };
}

/** The "Notes" section of the contact sidebar (issue 6). */
export function NotesSection(props: { contactId: string }) {
  const { t, i18n } = useTranslation('notes');
  const services = useServices();
  const notesService = useMemo(() => notesServiceOf(services), [services]);
  const { contactId } = props;
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [authorName, setAuthorName] = useState<string | null>(null);
  const [composerKey, setComposerKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const platform = services.hostInfo.platform;
  const now = useNow();
  const { host, repository } = services;
  const openLink = useCallback((url: string) => void host.openExternal(url), [host]);

  useEffect(() => {
    let live = true;
    const load = () =>
      void notesService.repository.listForContact(contactId).then((list) => {
        if (live) setNotes(list);
      });
    load();
    const unsubscribe = notesService.subscribe((event) => {
      if (event.deleted.length > 0 || event.put.some((note) => note.contactId === contactId)) load();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [notesService, contactId]);

  useEffect(() => {
    let live = true;
    void repository.settings.get(NOTE_AUTHOR_SETTING, z.string().trim().min(1).max(255)).then((name) => {
      if (live) setAuthorName(name ?? null);
    });
    return () => {
      live = false;
    };
  }, [repository]);

  const failureMessage = (cause: unknown) =>
    cause instanceof InvalidNoteError && cause.code === 'too-long' ? t('tooLong', { max: NOTE_MAX_LENGTH.toLocaleString(i18n.language) }) : t('failed');

  const add = async (document: NoteDocument) => {
    const body = bodyOf(document);
    if (body.bodyMarkdown.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await notesService.repository.create({ contactId, ...body, author: { name: authorName ?? t('defaultAuthor') } });
      // Cleared only now that the note is stored: a failed save keeps what was typed.
      drafts.delete(contactId);
      setComposerKey((key) => key + 1);
    } catch (cause) {
      setError(failureMessage(cause));
    } finally {
      setBusy(false);
    }
  };

  const submitKeys = formatKeys('$mod+Enter', platform).join(platform === 'mac' ? '' : '+');

  return (
    <section className="panel-section notes-section" aria-labelledby="panel-notes">
      <h3 id="panel-notes">{t('title')}</h3>
      <NoteEditor
        key={composerKey}
        initialValue={drafts.get(contactId)}
        onChange={(document) => drafts.set(contactId, document)}
        label={t('editorLabel')}
        platform={platform}
        submitLabel={t('add')}
        submitHint={t('addHint', { keys: submitKeys })}
        busy={busy}
        autoFocus={composerKey > 0}
        onSubmit={(document) => void add(document)}
        onOpenLink={openLink}
      />
      {error && (
        <p className="note-error" role="alert">
          {error}
        </p>
      )}
      {notes !== null && notes.length === 0 && <p className="cell-muted notes-empty">{t('empty')}</p>}
      {notes !== null && notes.length > 0 && (
        <ol className="note-list" aria-label={t('list')}>
          {notes.map((note) => (
            <li key={note.id}>
              <NoteItem
                note={note}
                now={now}
                lang={i18n.language}
                platform={platform}
                submitKeys={submitKeys}
                onOpenLink={openLink}
                onFailure={failureMessage}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function NoteItem(props: {
  note: Note;
  now: number;
  lang: string;
  platform: ReturnType<typeof useServices>['hostInfo']['platform'];
  submitKeys: string;
  onOpenLink: (url: string) => void;
  onFailure: (cause: unknown) => string;
}) {
  const { t } = useTranslation('notes');
  const services = useServices();
  const notesService = useMemo(() => notesServiceOf(services), [services]);
  const showToast = useToasts((s) => s.show);
  const { note } = props;
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const document = useMemo(() => noteDocumentOf(note, parseNoteDocument), [note]);

  const save = async (edited: NoteDocument) => {
    const body = bodyOf(edited);
    if (body.bodyMarkdown.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await notesService.repository.update(note.id, body);
      setEditing(false);
    } catch (cause) {
      setError(props.onFailure(cause));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setConfirmDelete(false);
    const removed = await notesService.repository.remove(note.id);
    if (removed) showToast({ message: t('deleted'), duration: 4000 });
  };

  const author = note.author.name || t('defaultAuthor');
  return (
    <article className="note" aria-label={t('noteBy', { author })}>
      <header className="note-meta">
        <span className="note-author">{author}</span>
        <time dateTime={new Date(note.createdAt).toISOString()} title={formatExactDate(note.createdAt, props.lang)}>
          {/* A note written after the clock last ticked is "now", not in the future. */}
          {formatRelativeDate(note.createdAt, Math.max(props.now, note.createdAt), props.lang)}
        </time>
        {note.updatedAt > note.createdAt && (
          <span className="note-edited" title={formatExactDate(note.updatedAt, props.lang)}>
            · {t('edited')}
          </span>
        )}
        {!editing && (
          <span className="note-actions">
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t('edit')}
            </button>
            <button type="button" className="link-button danger-text" onClick={() => setConfirmDelete(true)}>
              {t('delete')}
            </button>
          </span>
        )}
      </header>
      {editing ? (
        <NoteEditor
          initialValue={document}
          label={t('editLabel')}
          platform={props.platform}
          submitLabel={t('save')}
          submitHint={t('saveHint', { keys: props.submitKeys })}
          busy={busy}
          autoFocus
          onSubmit={(edited) => void save(edited)}
          onCancel={() => {
            setEditing(false);
            setError(null);
          }}
          onOpenLink={props.onOpenLink}
        />
      ) : (
        <NoteContent document={document} onOpenLink={props.onOpenLink} />
      )}
      {error && (
        <p className="note-error" role="alert">
          {error}
        </p>
      )}
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('deleteTitle')}
        footer={
          <>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              {t('cancel')}
            </button>
            <button type="button" className="button danger" onClick={() => void remove()}>
              {t('deleteConfirm')}
            </button>
          </>
        }
      >
        <p>{t('deleteBody')}</p>
      </Dialog>
    </article>
  );
}

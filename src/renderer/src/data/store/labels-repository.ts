import { DEFAULT_LABEL_COLOR, isValidLabelTitle, normalizeLabelColor, normalizeLabelTitle, type Label } from '../../../../shared/records';
import type { ChangeOrigin } from './change-bus';
import { storeLabelChange, type ContactsContext } from './contacts-repository';
import { RepositoryError } from './repository-error';
import type { WintookDb } from './schema';

/** The label definitions' writes (repository.ts composes them into `Repository.labels`). */

export interface NewLabel {
  title: string;
  color?: string;
  description?: string;
}

export interface LabelsRepository {
  getAll(): Promise<Label[]>;
  create(label: NewLabel, origin?: ChangeOrigin): Promise<Label>;
  rename(id: string, title: string, origin?: ChangeOrigin): Promise<Label>;
  recolor(id: string, color: string, origin?: ChangeOrigin): Promise<Label>;
  remove(id: string, origin?: ChangeOrigin): Promise<Label | undefined>;
}

function validTitle(raw: string): string {
  const title = normalizeLabelTitle(raw);
  if (!isValidLabelTitle(title)) {
    throw new RepositoryError('invalid', `Label titles use letters, digits, "-" and "_" only: "${raw}"`);
  }
  return title;
}

function validColor(raw: string): string {
  const color = normalizeLabelColor(raw);
  if (color === null) throw new RepositoryError('invalid', `Label colours are #rrggbb: "${raw}"`);
  return color;
}

async function assertTitleFree(db: WintookDb, title: string, exceptId?: string): Promise<void> {
  const holders = await db.labels.where('title').equals(title).toArray();
  if (holders.some((label) => label.id !== exceptId))
    throw new RepositoryError('duplicate', `Label "${title}" exists`);
}

async function requireLabel(db: WintookDb, id: string): Promise<Label> {
  const label = await db.labels.get(id);
  if (!label) throw new RepositoryError('not-found', `No label ${id}`);
  return label;
}

export function createLabelsRepository(ctx: ContactsContext): LabelsRepository {
  const { db, core } = ctx;
  const { now, newId, write, writeLabelOp, outboxEntry, outboxes } = core;
  return {
    getAll: () => db.labels.toArray(),

    async create(input, origin = 'local') {
      const title = validTitle(input.title);
      const color = validColor(input.color ?? DEFAULT_LABEL_COLOR);
      return write([db.labels, db.outbox], async (events) => {
        await assertTitleFree(db, title);
        const at = now();
        const label: Label = {
          id: newId(),
          title,
          color,
          description: input.description ?? '',
          serverId: null,
          createdAt: at,
          updatedAt: at,
        };
        await db.labels.add(label);
        if (outboxes(origin)) {
          await db.outbox.add(
            outboxEntry('label', label.id, 'create', { title, color, description: label.description }, {}),
          );
        }
        events.push({ entity: 'label', put: [label], deleted: [], origin });
        return label;
      });
    },

    /**
     * Renames the label and, in the same transaction, every contact carrying it (each with its own
     * outbox `update` of `labels`). Contacts have no label index (indexes slow bulk writes), so this
     * reads them all; renames are rare and a `getAll` of 100k is well under a second.
     */
    async rename(id, rawTitle, origin = 'local') {
      const title = validTitle(rawTitle);
      return writeLabelOp([db.labels, db.contacts, db.outbox, db.labelOps], async (events) => {
        const label = await requireLabel(db, id);
        if (label.title === title) return label;
        await assertTitleFree(db, title, id);
        const renamed: Label = { ...label, title, updatedAt: now() };
        await db.labels.put(renamed);
        // The label row's outbox row goes before the contacts' (sync renames the label first).
        if (outboxes(origin)) await db.outbox.add(outboxEntry('label', id, 'update', { title }, { title: label.title }));
        const carrying = (await db.contacts.toArray()).filter((c) => c.labels.includes(label.title));
        const updated = await storeLabelChange(ctx, carrying, { kind: 'rename', from: label.title, to: title }, origin, true);
        events.push({ entity: 'label', put: [renamed], deleted: [], origin });
        events.push({ entity: 'contact', put: updated, deleted: [], origin });
        return renamed;
      });
    },

    async recolor(id, rawColor, origin = 'local') {
      const color = validColor(rawColor);
      return write([db.labels, db.outbox], async (events) => {
        const label = await requireLabel(db, id);
        if (label.color === color) return label;
        const next: Label = { ...label, color, updatedAt: now() };
        await db.labels.put(next);
        if (outboxes(origin))
          await db.outbox.add(outboxEntry('label', id, 'update', { color }, { color: label.color }));
        events.push({ entity: 'label', put: [next], deleted: [], origin });
        return next;
      });
    },

    /**
     * Deletes the label definition only. Contacts keep the title in their `labels`, as they do in
     * Chatwoot (tags outlive the Label row); the UI shows such a label in the default colour.
     */
    remove(id, origin = 'local') {
      return write([db.labels, db.outbox], async (events) => {
        const label = await db.labels.get(id);
        if (!label) return undefined;
        await db.labels.delete(id);
        if (outboxes(origin)) {
          const { title, color, description, serverId } = label;
          await db.outbox.add(
            outboxEntry('label', id, 'delete', {}, { title, color, description, serverId }),
          );
        }
        events.push({ entity: 'label', put: [], deleted: [id], origin });
        return label;
      });
    },
  };
}

import { DEMO_LABELS, generateContacts } from '../../../shared/demo/contacts';
import type { Services } from '../data/api';

const DEMO_LABEL_COLORS = ['#e5484d', '#2f6fde', '#30a46c', '#f76b15', '#8e4ec6', '#0d74ce', '#d6409f', '#12a594', '#ad7f58', '#5b5bd6', '#e54666', '#697177'];

/**
 * Adds generated contacts through the repository (so they are real local contacts, queued for sync
 * like any other), with the labels they use. `seed` varies between fills so ids never collide.
 */
export async function seedDemoContacts(
  services: Services,
  count: number,
  options: { seed: number; onProgress?: (done: number, total: number) => void },
): Promise<void> {
  const { repository, index } = services;
  const existing = new Set((await repository.labels.getAll()).map((label) => label.title));
  for (const [position, title] of DEMO_LABELS.entries()) {
    if (!existing.has(title)) {
      await repository.labels.create({ title, color: DEMO_LABEL_COLORS[position % DEMO_LABEL_COLORS.length] });
    }
  }
  const contacts = generateContacts(count, { seed: options.seed, startIndex: index.size, now: Date.now() });
  await repository.contacts.bulkCreate(contacts, { onProgress: options.onProgress });
}

import { useMemo } from 'react';
import { create } from 'zustand';
import type { Label } from '../../../shared/records';
import { useContactsView } from '../contacts/store';
import { labelCatalogue, type CatalogueLabel } from './catalogue';

/** The label definitions (titles and colours); how many contacts carry each comes from the index. */
interface LabelsState {
  labels: Label[];
  colors: Map<string, string>;
  setLabels(labels: Label[]): void;
}

export const useLabels = create<LabelsState>()((set) => ({
  labels: [],
  colors: new Map(),
  setLabels: (labels) => set({ labels, colors: new Map(labels.map((label) => [label.title, label.color])) }),
}));

/** The one label catalogue (labels/catalogue.ts): what every screen that lists labels lists. */
export function useLabelCatalogue(): CatalogueLabel[] {
  const definitions = useLabels((s) => s.labels);
  const counts = useContactsView((s) => s.labelCounts);
  return useMemo(() => labelCatalogue(definitions, counts), [definitions, counts]);
}

import { create } from 'zustand';
import type { Label } from '../../../shared/records';

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

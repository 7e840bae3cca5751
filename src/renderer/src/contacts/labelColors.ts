import { useLabels } from '../labels/store';

export function useLabelColors(): Map<string, string> {
  return useLabels((state) => state.colors);
}

import { useTranslation } from 'react-i18next';
import type { Progress } from '../../../shared/csv/pipeline';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function ImportingStep(props: { total: number; progress: Progress | null; startedAt: number; progressAt: number; cancelling: boolean }) {
  const { t } = useTranslation('import');
  const done = props.progress?.rowsDone ?? 0;
  const elapsed = (props.progressAt - props.startedAt) / 1000;
  const rate = elapsed > 0 ? done / elapsed : 0;
  const left = rate > 0 ? (props.total - done) / rate : NaN;
  return (
    <div className="import-progress" role="status">
      <p>{props.cancelling ? t('cancelling') : t('importing', { done, total: props.total })}</p>
      <progress max={Math.max(props.total, 1)} value={done} aria-label={t('importProgress')} />
      <p className="field-hint">{t('rate', { rate: Math.round(rate), left: formatDuration(left) })}</p>
    </div>
  );
}

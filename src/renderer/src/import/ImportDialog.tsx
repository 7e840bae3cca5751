import { useTranslation } from 'react-i18next';
import { mappingProblems } from '../../../shared/csv';
import { useServices } from '../ui/services';
import { Dialog } from '../ui/Dialog';
import { analyze, cancelImport, changeSettings, closeImport, askUndoImport, startImport } from './importController';
import { useImport, type ImportFlow } from './importStore';
import { ImportingStep } from './ImportingStep';
import { MapStep } from './MapStep';
import { PreviewStep } from './PreviewStep';
import { ReportStep } from './ReportStep';
import { UndoBody, UndoFooter } from './UndoImport';
import './import.css';

export function ImportDialog() {
  const { t } = useTranslation('import');
  const flow = useImport((s) => s.flow);
  const open = flow.step !== 'closed';
  const busy = flow.step === 'importing' || flow.step === 'undoing';
  return (
    <Dialog open={open} title={titleOf(t, flow)} onClose={busy ? () => {} : closeImport} className="import-dialog" footer={open ? <Footer flow={flow} /> : undefined}>
      {open && <Body flow={flow} />}
    </Dialog>
  );
}

function titleOf(t: (key: string, options?: Record<string, unknown>) => string, flow: ImportFlow): string {
  switch (flow.step) {
    case 'confirm-undo':
      return t('undoImport.title', { file: flow.batch.fileName });
    case 'report':
    case 'undoing':
    case 'undone':
    case 'restored':
      return t('reportTitle', { file: flow.batch.fileName });
    case 'reading':
    case 'problem':
      return t('title', { file: flow.fileName });
    case 'map':
    case 'importing':
      return t('title', { file: flow.file.name });
    default:
      return t('import');
  }
}

function Body(props: { flow: ImportFlow }) {
  const { t } = useTranslation('import');
  const { flow } = props;
  switch (flow.step) {
    case 'closed':
      return null;
    case 'reading':
      return <p role="status">{t('reading')}</p>;
    case 'problem':
      return (
        <div className="import-problem" role="alert">
          <p>{t(`fileProblems.${flow.code}`, flow.params)}</p>
          <p className="field-hint">{t('nothingChanged')}</p>
        </div>
      );
    case 'map':
      return flow.analysis ? <PreviewStep analysis={flow.analysis} /> : <MapStep inspection={flow.inspection} analyzing={flow.analyzing} />;
    case 'importing':
      return <ImportingStep total={flow.total} progress={flow.progress} startedAt={flow.startedAt} progressAt={flow.progressAt} cancelling={flow.cancelling} />;
    case 'report':
      return <ReportStep batch={flow.batch} cancelled={flow.cancelled} failure={flow.failure} />;
    case 'confirm-undo':
    case 'undoing':
    case 'undone':
    case 'restored':
      return <UndoBody flow={flow} />;
  }
}

function Footer(props: { flow: ImportFlow }) {
  const { t } = useTranslation('import');
  const services = useServices();
  const { flow } = props;
  const close = (
    <button type="button" className="button" onClick={closeImport}>
      {t('close')}
    </button>
  );
  switch (flow.step) {
    case 'map': {
      const blocked = mappingProblems(flow.settings.mapping).length > 0;
      if (!flow.analysis)
        return (
          <>
            {close}
            <button type="button" className="button primary" disabled={blocked || flow.analyzing !== null} onClick={() => analyze(services)}>
              {t('previewButton')}
            </button>
          </>
        );
      const nothing = flow.analysis.totals.create + flow.analysis.totals.update + flow.analysis.totals.merge === 0;
      return (
        <>
          <button type="button" className="button" onClick={() => changeSettings(services, {})}>
            {t('backToMapping')}
          </button>
          <button type="button" className="button primary" disabled={nothing} onClick={() => startImport(services)}>
            {t('start')}
          </button>
        </>
      );
    }
    case 'importing':
      return (
        <button type="button" className="button" disabled={flow.cancelling} onClick={cancelImport}>
          {flow.cancelling ? t('cancelling') : t('cancel')}
        </button>
      );
    case 'report':
      return (
        <>
          {flow.batch.state !== 'undone' && flow.batch.counts.created + flow.batch.counts.updated + (flow.batch.counts.merged ?? 0) > 0 && (
            <button type="button" className="button" onClick={() => askUndoImport(flow.batch)}>
              {t('undo')}
            </button>
          )}
          <button type="button" className="button primary" onClick={closeImport}>
            {t('done')}
          </button>
        </>
      );
    case 'confirm-undo':
    case 'undoing':
    case 'undone':
    case 'restored':
      return <UndoFooter flow={flow} />;
    default:
      return close;
  }
}

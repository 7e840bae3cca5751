import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LABEL_COLOR } from '../../../shared/records';
import { useServices } from '../ui/services';
import type { FieldError } from './fieldError';
import { repositoryFieldError } from './labelFieldError';
import { useFieldErrorText } from './useFieldErrorText';

/** Titles contacts carry with no definition: shown grey in the sidebar; one click defines them. */
export function UndefinedLabels(props: { titles: { title: string; count: number }[]; announce: (message: string) => void }) {
  const { t } = useTranslation('settings');
  const errorText = useFieldErrorText();
  const { repository } = useServices();
  const [error, setError] = useState<{ title: string; error: FieldError } | null>(null);
  const headingId = useId();

  const define = async (title: string) => {
    setError(null);
    try {
      await repository.labels.create({ title, color: DEFAULT_LABEL_COLOR });
      props.announce(t('labels.created', { title }));
    } catch (failure) {
      setError({ title, error: repositoryFieldError(failure, title) });
    }
  };

  return (
    <section className="undefined-labels" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('labels.undefinedHeading')}</h4>
      <p className="section-intro">{t('labels.undefinedIntro')}</p>
      <ul className="settings-list">
        {props.titles.map(({ title, count }) => (
          <li key={title} className="settings-row" aria-label={title}>
            <div className="row-main">
              <span className="color-dot muted-dot" aria-hidden="true" />
              <span className="label-title">{title}</span>
              <span className="row-count">{t('labels.count', { count })}</span>
              <span className="row-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={t('labels.defineLabel', { title })}
                  onClick={() => void define(title)}
                >
                  {t('labels.define')}
                </button>
              </span>
            </div>
            {error?.title === title && <p className="field-error">{errorText(error.error)}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

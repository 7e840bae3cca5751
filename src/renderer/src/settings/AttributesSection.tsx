import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../ui/services';
import { AttributeForm } from './AttributeForm';
import { AttributeRow } from './AttributeRow';
import { editButtonId } from './attributeUsage';
import { connectAttributeDefinitions, useAttributeDefinitions } from './attributesStore';

/** Settings → Custom attributes: the definitions of the extra fields every contact can have. */
export function AttributesSection(props: { headingId: string }) {
  const { t } = useTranslation('settings');
  const { repository } = useServices();
  const definitions = useAttributeDefinitions((s) => s.definitions);
  const loaded = useAttributeDefinitions((s) => s.loaded);
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const listHeadingId = useId();

  useEffect(() => {
    void connectAttributeDefinitions(repository);
  }, [repository]);

  // Back to what opened the form once it is rendered again: an effect runs after React has
  // committed, which a requestAnimationFrame did not guarantee when the form closed after an await.
  const returnFocusTo = useRef<string | null>(null);
  useEffect(() => {
    if (editing !== null || returnFocusTo.current === null) return;
    const closed = returnFocusTo.current;
    returnFocusTo.current = null;
    const opener = closed !== 'new' ? document.getElementById(editButtonId(closed)) : null;
    (opener ?? newButtonRef.current)?.focus();
  }, [editing]);

  const closeForm = (message?: string) => {
    returnFocusTo.current = editing;
    setEditing(null);
    if (message) setAnnouncement(message);
  };

  return (
    <div className="settings-section">
      <div className="section-header">
        <h3 id={props.headingId}>{t('attributes.heading')}</h3>
        <button
          ref={newButtonRef}
          type="button"
          className="button primary"
          aria-expanded={editing === 'new'}
          onClick={() => setEditing('new')}
          // One form at a time, so switching never throws away what was typed in the other.
          disabled={editing !== null}
        >
          {t('attributes.new')}
        </button>
      </div>
      <p className="section-intro">{t('attributes.intro')}</p>
      {editing === 'new' && (
        <AttributeForm definitions={definitions} onDone={closeForm} />
      )}
      <h4 id={listHeadingId} className="visually-hidden">
        {t('attributes.listHeading')}
      </h4>
      {!loaded ? null : definitions.length === 0 ? (
        editing !== 'new' && <p className="section-empty">{t('attributes.empty')}</p>
      ) : (
        <ul className="settings-list" aria-labelledby={listHeadingId}>
          {definitions.map((definition) =>
            editing === definition.id ? (
              <li key={definition.id} className="settings-row editing" aria-label={definition.displayName}>
                <AttributeForm definitions={definitions} editing={definition} onDone={closeForm} />
              </li>
            ) : (
              <AttributeRow
                key={definition.id}
                definition={definition}
                onEdit={() => setEditing(definition.id)}
                formOpen={editing !== null}
                announce={setAnnouncement}
                afterDelete={() => newButtonRef.current?.focus()}
              />
            ),
          )}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}

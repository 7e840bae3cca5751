import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useUi } from '../ui/uiStore';
import { useContactsView } from './store';

/** Quick search over name, email, phone, identifier and company; filters as you type. */
export function SearchBox(props: { onLeaveDown: () => void }) {
  const { t } = useTranslation();
  const search = useContactsView((s) => s.search);
  const setSearch = useContactsView((s) => s.setSearch);
  const includeNotes = useContactsView((s) => s.includeNotes);
  const setIncludeNotes = useContactsView((s) => s.setIncludeNotes);
  const focusRequest = useUi((s) => s.searchFocusRequest);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusRequest]);

  return (
    <div className="search-box">
      <span className="search-field">
        <svg className="search-icon" viewBox="0 0 20 20" aria-hidden="true">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <input
          ref={inputRef}
          type="search"
          aria-label={t('contacts.searchLabel')}
          placeholder={t('contacts.searchPlaceholder')}
          value={search}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              if (search) setSearch('');
              else event.currentTarget.blur();
            } else if (event.key === 'ArrowDown') {
              event.preventDefault();
              props.onLeaveDown();
            }
          }}
        />
        {search && (
          <button
            type="button"
            className="icon-button search-clear"
            aria-label={t('contacts.clearSearch')}
            onClick={() => setSearch('')}
          >
            ×
          </button>
        )}
      </span>
      <label className="search-notes-toggle" title={t('contacts.includeNotesHint')}>
        <input
          type="checkbox"
          checked={includeNotes}
          onChange={(event) => setIncludeNotes(event.target.checked)}
        />
        {t('contacts.includeNotes')}
      </label>
    </div>
  );
}

import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { SHORTCUTS, formatKeys, type ShortcutDefinition } from '../../../shared/shortcuts';
import type { HostPlatform } from '../../../shared/host';
import { Dialog } from '../ui/Dialog';

const keyNamesSchema = z.record(z.string(), z.string());

const GROUPS: ShortcutDefinition['group'][] = ['general', 'list', 'contact', 'editor'];

/** Lists every shortcut of the app, straight from the one shortcut table. */
export function ShortcutsDialog(props: { open: boolean; onClose: () => void; platform: HostPlatform }) {
  const { t } = useTranslation();
  // Key names in the UI language ("Espacio", "RePág"); a missing table prints the keys as written.
  const keyNames = useMemo(() => {
    const names = keyNamesSchema.safeParse(t('shortcuts.keyNames', { returnObjects: true }));
    return new Map(names.success ? Object.entries(names.data) : []);
  }, [t]);
  return (
    <Dialog open={props.open} onClose={props.onClose} title={t('shortcuts.title')} className="shortcuts-dialog" scrollRegion>
      <p className="dialog-intro">{t('shortcuts.intro')}</p>
      {GROUPS.map((group) => {
        const items = SHORTCUTS.filter((shortcut) => shortcut.group === group);
        if (items.length === 0) return null;
        return (
          <section key={group} className="shortcut-group">
            <h3>{t(`shortcuts.groups.${group}`)}</h3>
            <dl>
              {items.map((shortcut) => (
                <Fragment key={shortcut.id}>
                  <dt>{t(`shortcuts.items.${shortcut.id}`)}</dt>
                  <dd>
                    {shortcut.keys.map((keys, index) => (
                      <Fragment key={keys}>
                        {index > 0 && <span className="shortcut-or">{t('shortcuts.or')}</span>}
                        <span className="keys">
                          {formatKeys(keys, props.platform, keyNames).map((part) => (
                            <kbd key={part}>{part}</kbd>
                          ))}
                        </span>
                      </Fragment>
                    ))}
                  </dd>
                </Fragment>
              ))}
            </dl>
          </section>
        );
      })}
    </Dialog>
  );
}

import { useTranslation } from 'react-i18next';

/** A step's counts as a definition list, each number in the UI language. */
export function Totals(props: { items: [string, number][]; label: string }) {
  const { i18n } = useTranslation();
  return (
    <dl className="import-totals" aria-label={props.label}>
      {props.items.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value.toLocaleString(i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}

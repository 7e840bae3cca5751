import { useTranslation } from 'react-i18next';
import type { CustomAttributeValue } from '../../../shared/contact';
import type { AttributeDefinition } from '../../../shared/records';
import type { FieldProps } from './fieldProps';

/** A stored custom attribute value as the text an input shows. */
export function attributeInputValue(value: CustomAttributeValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** One input per custom attribute type; the value is checked by src/shared/validation on save. */
export function AttributeInput(props: {
  definition: Pick<AttributeDefinition, 'key' | 'type' | 'listValues' | 'displayName'>;
  value: string;
  onChange: (value: string) => void;
  inputProps: FieldProps;
}) {
  const { t } = useTranslation('contact');
  const { definition, value, onChange, inputProps } = props;
  switch (definition.type) {
    case 'list':
      return (
        <select {...inputProps} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('attributes.none')}</option>
          {definition.listValues.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'checkbox':
      return (
        <select {...inputProps} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('attributes.none')}</option>
          <option value="true">{t('attributes.yes')}</option>
          <option value="false">{t('attributes.no')}</option>
        </select>
      );
    case 'date':
      return <input {...inputProps} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return <input {...inputProps} type="text" inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'link':
      return (
        <input {...inputProps} type="url" placeholder="https://" value={value} onChange={(e) => onChange(e.target.value)} />
      );
    case 'text':
      return <input {...inputProps} type="text" value={value} onChange={(e) => onChange(e.target.value)} />;
  }
}

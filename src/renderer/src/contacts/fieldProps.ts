/**
 * What the contact form hands each field's input: its id and name, and the aria that ties it to
 * the field's problem. Its own module, so the inputs (AttributeInput, LabelPicker) and the form
 * that renders them do not import each other.
 */
export interface FieldProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/**
 * The error line under a field. Always in the DOM (empty when there is nothing to say) so screen
 * readers announce a message when it appears; the field points at it with aria-describedby.
 */
export function FieldMessage(props: { id: string; message: string }) {
  return (
    <p id={props.id} className="field-error" aria-live="polite">
      {props.message}
    </p>
  );
}

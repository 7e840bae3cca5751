/** The "Notes" section of the contact sidebar; filled in by the notes work (issue 6). */
export function NotesSection(_props: { contactId: string }) {
  return null;
}

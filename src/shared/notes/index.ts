export * from './document';
export { markdownToDocument, parseInline, decodeEntities } from './markdown-parse';
export { documentToMarkdown, inlineMarkdown } from './markdown-serialize';
import { documentText, type NoteDocument } from './document';
import { markdownToDocument } from './markdown-parse';

/** The words of a note stored as Markdown (server notes, search). */
export function markdownText(markdown: string): string {
  return documentText(markdownToDocument(markdown));
}

/** The document a stored note's body stands for: its Slate JSON when usable, else its Markdown. */
export function noteDocumentOf(note: { bodySlate: unknown; bodyMarkdown: string }, parse: (value: unknown) => NoteDocument | null): NoteDocument {
  return parse(note.bodySlate) ?? markdownToDocument(note.bodyMarkdown);
}
export { htmlToDocument, type HtmlNode } from './html-to-document';

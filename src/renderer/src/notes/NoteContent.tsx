import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLink, isList, type NoteDocument, type NoteInline, type NoteText } from '../../../shared/notes';
import { parseNoteLinkUrl } from '../../../shared/url-policy';

/**
 * A saved note, rendered from its document as React elements: text is always text (React escapes
 * it), no HTML string is ever inserted, and a link is clickable only when its URL passes the note
 * link policy — it then opens through the host, never in this window.
 */
export function NoteContent(props: { document: NoteDocument; onOpenLink: (url: string) => void }) {
  return (
    <div className="note-content">
      {props.document.map((block, index) => {
        if (isList(block)) {
          const items = block.children.map((item, itemIndex) => (
            <li key={itemIndex}>
              <Inlines inlines={item.children} onOpenLink={props.onOpenLink} />
            </li>
          ));
          return block.type === 'numbered-list' ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
        }
        const inlines = <Inlines inlines={block.children} onOpenLink={props.onOpenLink} />;
        return block.type === 'block-quote' ? <blockquote key={index}>{inlines}</blockquote> : <p key={index}>{inlines}</p>;
      })}
    </div>
  );
}

function Inlines(props: { inlines: readonly NoteInline[]; onOpenLink: (url: string) => void }) {
  const { t } = useTranslation('notes');
  return (
    <>
      {props.inlines.map((node, index) => {
        if (!isLink(node)) return <Leaf key={index} leaf={node} />;
        const children = node.children.map((leaf, leafIndex) => <Leaf key={leafIndex} leaf={leaf} />);
        const url = parseNoteLinkUrl(node.url);
        if (!url) return <span key={index} className="note-link-unsafe">{children}</span>;
        return (
          <a
            key={index}
            className="note-link"
            href={url.href}
            title={t('openLink', { url: url.href })}
            rel="noopener noreferrer"
            onClick={(event) => {
              event.preventDefault();
              props.onOpenLink(url.href);
            }}
          >
            {children}
          </a>
        );
      })}
    </>
  );
}

function Leaf(props: { leaf: NoteText }) {
  const { leaf } = props;
  let content: ReactNode = leaf.text;
  if (leaf.code) content = <code>{content}</code>;
  if (leaf.bold) content = <strong>{content}</strong>;
  if (leaf.italic) content = <em>{content}</em>;
  if (leaf.strikethrough) content = <s>{content}</s>;
  return <>{content}</>;
}

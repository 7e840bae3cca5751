import { createEditor, Editor, Transforms, type Descendant } from 'slate';
import { withHistory } from 'slate-history';
import { describe, expect, it } from 'vitest';
import { documentToMarkdown, type NoteDocument } from '../../../shared/notes';
import { applyLink, toggleBlock, toggleMark, withNoteEditor } from './editor';

/** A headless editor with the notes plugin (no DOM: Slate's model runs anywhere). */
function editorWith(document: NoteDocument = [{ type: 'paragraph', children: [{ text: '' }] }]): Editor {
  const editor = withNoteEditor(withHistory(createEditor()));
  editor.children = document as Descendant[];
  Transforms.select(editor, Editor.end(editor, []));
  return editor;
}

function type(editor: Editor, text: string): void {
  for (const char of text) editor.insertText(char);
}

const markdownOf = (editor: Editor) => documentToMarkdown(editor.children as NoteDocument);

describe('Markdown-style typing', () => {
  it.each([
    ['- ', 'item', '- item'],
    ['* ', 'item', '- item'],
    ['1. ', 'first', '1. first'],
    ['> ', 'said', '> said'],
  ])('"%s" at the start of a line starts a block', (prefix, text, markdown) => {
    const editor = editorWith();
    type(editor, prefix + text);
    expect(markdownOf(editor)).toBe(markdown);
  });

  it('does not start a block in the middle of a line', () => {
    const editor = editorWith();
    type(editor, 'a - b > c');
    expect(markdownOf(editor)).toBe('a - b \\> c');
  });

  it.each([
    ['**bold**', '**bold**'],
    ['__bold__', '**bold**'],
    ['*it*', '_it_'],
    ['_it_', '_it_'],
    ['~~gone~~', '~~gone~~'],
    ['`x()`', '`x()`'],
  ])('%s becomes formatted as it is typed, and typing goes on unformatted', (typed, markdown) => {
    const editor = editorWith();
    type(editor, `see ${typed} then`);
    expect(markdownOf(editor)).toBe(`see ${markdown} then`);
  });

  it('leaves lone or spaced delimiters and snake_case alone', () => {
    const editor = editorWith();
    type(editor, '2 * 3 * 4 snake_case_name a** b**');
    expect(markdownOf(editor)).toBe('2 \\* 3 \\* 4 snake\\_case\\_name a\\*\\* b\\*\\*');
  });
});

describe('blocks, Enter and Backspace', () => {
  it('Enter on an empty list item leaves the list; Backspace at an item start turns it into a paragraph', () => {
    const editor = editorWith();
    type(editor, '- one');
    editor.insertBreak();
    type(editor, 'two');
    editor.insertBreak();
    editor.insertBreak();
    type(editor, 'after');
    expect(markdownOf(editor)).toBe('- one\n- two\n\nafter');

    const other = editorWith();
    type(other, '> quoted');
    Transforms.select(other, Editor.start(other, [0]));
    other.deleteBackward('character');
    expect(markdownOf(other)).toBe('quoted');
  });

  it('toolbar toggles switch between list types and back to a paragraph', () => {
    const editor = editorWith([{ type: 'paragraph', children: [{ text: 'x' }] }]);
    toggleBlock(editor, 'bulleted-list');
    expect(markdownOf(editor)).toBe('- x');
    toggleBlock(editor, 'numbered-list');
    expect(markdownOf(editor)).toBe('1. x');
    toggleBlock(editor, 'numbered-list');
    expect(markdownOf(editor)).toBe('x');
    toggleBlock(editor, 'block-quote');
    expect(markdownOf(editor)).toBe('> x');
  });

  it('marks toggle on the selection, links wrap it or insert the URL', () => {
    const editor = editorWith([{ type: 'paragraph', children: [{ text: 'hello world' }] }]);
    Transforms.select(editor, { anchor: { path: [0, 0], offset: 0 }, focus: { path: [0, 0], offset: 5 } });
    toggleMark(editor, 'bold');
    expect(markdownOf(editor)).toBe('**hello** world');
    Transforms.select(editor, { anchor: { path: [0, 1], offset: 1 }, focus: { path: [0, 1], offset: 6 } });
    applyLink(editor, 'https://example.com/');
    expect(markdownOf(editor)).toBe('**hello** [world](https://example.com/)');
    Transforms.select(editor, Editor.end(editor, []));
    type(editor, ' ');
    applyLink(editor, 'mailto:a@b.co', 'a@b.co');
    expect(markdownOf(editor)).toBe('**hello** [world](https://example.com/) [a@b.co](mailto:a@b.co)');
  });
});

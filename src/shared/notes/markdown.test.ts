import { describe, expect, it } from 'vitest';
import {
  documentText,
  documentToMarkdown,
  isDocumentBlank,
  markdownText,
  markdownToDocument,
  parseNoteDocument,
  type NoteDocument,
} from './index';

const p = (...children: NoteDocument[number]['children']): NoteDocument[number] =>
  ({ type: 'paragraph', children }) as NoteDocument[number];

describe('markdownToDocument: the supported subset', () => {
  it('reads Chatwoot’s sample note', () => {
    expect(markdownToDocument('**Prefers** email follow-ups\n\n- renewal in May')).toEqual([
      { type: 'paragraph', children: [{ text: 'Prefers', bold: true }, { text: ' email follow-ups' }] },
      { type: 'bulleted-list', children: [{ type: 'list-item', children: [{ text: 'renewal in May' }] }] },
    ]);
  });

  it('reads every mark, alone and combined', () => {
    expect(markdownToDocument('*i* _u_ **b** __B__ ~~s~~ `c` ***bi***')).toEqual([
      p(
        { text: 'i', italic: true },
        { text: ' ' },
        { text: 'u', italic: true },
        { text: ' ' },
        { text: 'b', bold: true },
        { text: ' ' },
        { text: 'B', bold: true },
        { text: ' ' },
        { text: 's', strikethrough: true },
        { text: ' ' },
        { text: 'c', code: true },
        { text: ' ' },
        { text: 'bi', bold: true, italic: true },
      ),
    ]);
  });

  it('reads links, autolinks and email autolinks, keeping the URL as written', () => {
    expect(markdownToDocument('see [the **docs**](https://example.com/a_(b) "T") or <https://x.y> or <a@b.co>')).toEqual([
      p(
        { text: 'see ' },
        { type: 'link', url: 'https://example.com/a_(b)', children: [{ text: 'the ' }, { text: 'docs', bold: true }] },
        { text: ' or ' },
        { type: 'link', url: 'https://x.y', children: [{ text: 'https://x.y' }] },
        { text: ' or ' },
        { type: 'link', url: 'mailto:a@b.co', children: [{ text: 'a@b.co' }] },
        { text: '' },
      ),
    ]);
  });

  it('keeps a javascript: link as data (it is never opened) rather than dropping its text', () => {
    const [block] = markdownToDocument('[click](javascript:alert(1))');
    expect(block).toEqual(p({ text: '' }, { type: 'link', url: 'javascript:alert(1)', children: [{ text: 'click' }] }, { text: '' }));
  });

  it('reads numbered lists, quotes and line breaks', () => {
    expect(markdownToDocument('1. one\n2. two\n   more\n\n> quoted\n> lines\n\nfirst\nsecond')).toEqual([
      {
        type: 'numbered-list',
        children: [
          { type: 'list-item', children: [{ text: 'one' }] },
          { type: 'list-item', children: [{ text: 'two\nmore' }] },
        ],
      },
      { type: 'block-quote', children: [{ text: 'quoted\nlines' }] },
      p({ text: 'first\nsecond' }),
    ]);
  });

  it('does not treat lone or spaced asterisks and intraword underscores as emphasis', () => {
    expect(markdownToDocument('2 * 3 * 4 and snake_case_name and a*b')).toEqual([p({ text: '2 * 3 * 4 and snake_case_name and a*b' })]);
  });

  it('reads pathological input without throwing (10,000 nested quotes overflowed the stack)', () => {
    const inputs = ['> '.repeat(20_000) + 'deep', '[a'.repeat(10_000), '![a'.repeat(7_000), '**a '.repeat(5_000), '- '.repeat(10_000), '`a``b'.repeat(4_000)];
    for (const input of inputs) expect(() => markdownToDocument(input)).not.toThrow();
    expect(documentText(markdownToDocument('> '.repeat(20_000) + 'deep'))).toBe('deep');
  });

  it('gives an empty document for empty or blank Markdown', () => {
    for (const md of ['', '   ', '\n\n\n', '---', '<!-- only a comment -->']) {
      const document = markdownToDocument(md);
      expect(document).toEqual([p({ text: '' })]);
      expect(isDocumentBlank(document)).toBe(true);
    }
  });
});

describe('markdownToDocument: unsupported Markdown keeps its text', () => {
  const cases: [string, string][] = [
    ['# Heading\n\ntext', 'Heading\ntext'],
    ['Setext\n======', 'Setext'],
    ['```js\nconst a = 1 * 2;\n```', 'const a = 1 * 2;'],
    ['    indented code', 'indented code'],
    ['| a | b |\n|---|:-:|\n| 1 | 2 |', 'a | b\n1 | 2'],
    ['![a cat](https://x/cat.png)', 'a cat'],
    ['<div onclick="x()">inside <b>bold</b></div>', 'inside bold'],
    ['<script>alert(1)</script>', 'alert(1)'],
    ['a <img src=x onerror=alert(1)> b', 'a  b'],
    ['- outer\n  - nested\n    - deeper', 'outer\nnested\ndeeper'],
    ['> - quoted item\n> > nested quote', 'quoted item\nnested quote'],
    ['- [ ] task', '[ ] task'],
    ['***\n\nafter rule', 'after rule'],
    ['Tom &amp; Jerry &lt;3 &#x41; &unknown;', 'Tom & Jerry <3 A &unknown;'],
  ];
  it.each(cases)('%j', (md, text) => {
    expect(documentText(markdownToDocument(md))).toBe(text);
  });
});

describe('documentToMarkdown', () => {
  it('writes the supported subset', () => {
    const document: NoteDocument = [
      p({ text: 'Hi ' }, { text: 'there', bold: true }, { text: ', ' }, { text: 'x', italic: true, strikethrough: true }),
      { type: 'bulleted-list', children: [{ type: 'list-item', children: [{ text: 'a' }] }, { type: 'list-item', children: [{ text: 'b', code: true }] }] },
      { type: 'numbered-list', children: [{ type: 'list-item', children: [{ text: 'one' }] }] },
      { type: 'block-quote', children: [{ text: 'q\nr' }] },
      p({ text: '' }, { type: 'link', url: 'mailto:a@b.co', children: [{ text: 'mail' }] }, { text: '' }),
    ];
    expect(documentToMarkdown(document)).toBe('Hi **there**, _~~x~~_\n\n- a\n- `b`\n\n1. one\n\n> q\n> r\n\n[mail](mailto:a@b.co)');
  });

  it('escapes what would otherwise be Markdown', () => {
    const tricky = '# not a heading\n- not a list\n1. not numbered\n> not a quote\n*not italic* [not](a link) <b> | `x` ~~y~~ \\ &amp;';
    const markdown = documentToMarkdown([p({ text: tricky })]);
    expect(markdownToDocument(markdown)).toEqual([p({ text: tricky })]);
  });

  it('moves whitespace at the edges of a mark outside it', () => {
    expect(documentToMarkdown([p({ text: 'a' }, { text: ' b ', bold: true }, { text: 'c' })])).toBe('a **b** c');
  });

  it('keeps two lists in a row apart by switching the marker', () => {
    const item = (text: string) => ({ type: 'list-item' as const, children: [{ text }] });
    const document: NoteDocument = [
      { type: 'bulleted-list', children: [item('a')] },
      { type: 'bulleted-list', children: [item('b')] },
      { type: 'numbered-list', children: [item('c')] },
      { type: 'numbered-list', children: [item('d')] },
    ];
    const markdown = documentToMarkdown(document);
    expect(markdown).toBe('- a\n\n* b\n\n1. c\n\n1) d');
    expect(markdownToDocument(markdown)).toEqual(document);
  });

  it('does not turn "!" before a link into an image', () => {
    const document: NoteDocument = [p({ text: 'wow!' }, { type: 'link', url: 'https://x.y', children: [{ text: 'see' }] }, { text: '' })];
    expect(markdownToDocument(documentToMarkdown(document))).toEqual(document);
  });

  it('writes code spans that contain backticks', () => {
    const document: NoteDocument = [p({ text: 'a `b` ``c', code: true })];
    expect(markdownToDocument(documentToMarkdown(document))).toEqual(document);
  });

  it('writes marks inside words and phrases', () => {
    const document: NoteDocument = [
      p({ text: 'x' }, { text: 'bold', bold: true }, { text: 'y and ' }, { text: 'two words', italic: true, bold: true }, { text: ' ' }, { text: 'in', italic: true }, { text: 'side' }),
    ];
    expect(markdownToDocument(documentToMarkdown(document))).toEqual(document);
  });

  it('drops empty blocks', () => {
    expect(documentToMarkdown([p({ text: '' }), p({ text: '  ' }), p({ text: 'x' })])).toBe('x');
  });
});

describe('parseNoteDocument', () => {
  it('accepts what the editor stores and drops what it does not know', () => {
    const stored = [
      { type: 'paragraph', children: [{ text: 'a', bold: true, color: 'red' }, { type: 'mention', children: [{ text: '@x' }] }] },
      { type: 'heading', children: [{ text: 'h' }] },
      'junk',
      { type: 'numbered-list', children: [{ type: 'list-item', children: [{ text: 'i' }] }, 7] },
    ];
    expect(parseNoteDocument(stored)).toEqual([
      p({ text: 'a', bold: true }, { text: '@x' }),
      p({ text: 'h' }),
      { type: 'numbered-list', children: [{ type: 'list-item', children: [{ text: 'i' }] }] },
    ]);
  });

  it('returns null for what is not a document', () => {
    for (const value of [null, undefined, 'text', 3, {}, [], [1, 2]]) expect(parseNoteDocument(value)).toBeNull();
  });
});

describe('markdownText', () => {
  it('is the note’s words without Markdown', () => {
    expect(markdownText('**Bold** and [link](https://x.y)\n\n- item')).toBe('Bold and link\nitem');
  });
});

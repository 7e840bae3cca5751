import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  documentText,
  documentToMarkdown,
  markdownToDocument,
  normalizeInlines,
  type NoteBlock,
  type NoteDocument,
  type NoteInline,
  type NoteMark,
  type NoteText,
} from './index';

/** Characters Markdown cares about, plus letters, digits, accents and CJK. */
const CHARS = [...'aZ09*_~`[]()<>|&#!-+=.:;\\/"\'éñ漢'];
const word = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 6 }).map((chars) => chars.join(''));
const marks = fc.subarray<NoteMark>(['bold', 'italic', 'strikethrough', 'code']);
const url = fc.constantFrom('https://example.com/a', 'mailto:a@b.co', 'https://x.y/p?q=(1)', 'javascript:alert(1)', 'http://a b');

/**
 * Inline content already in the canonical form Markdown can express: words (no whitespace) with
 * marks, separated by a space or a line break. (Marks toggled inside a word can be ambiguous in
 * Markdown — `***a*a*a***` — and are covered by the stability and text properties instead.)
 */
function canonicalTexts(maxWords: number) {
  return fc
    .array(fc.tuple(word, marks, fc.constantFrom(' ', ' ', '\n')), { minLength: 1, maxLength: maxWords })
    .map((parts) => {
      const leaves: NoteText[] = [];
      parts.forEach(([text, wordMarks, separator], index) => {
        const leaf: NoteText = { text };
        for (const mark of wordMarks) leaf[mark] = true;
        // Code spans are atomic: a code word keeps its own text only.
        if (leaf.code && /\n/.test(text)) delete leaf.code;
        leaves.push(leaf);
        const next = parts[index + 1];
        if (!next) return;
        if (separator === '\n') {
          leaves.push({ text: '\n' });
          return;
        }
        // Spaces stay unmarked: a mark whose run overlaps another's across a space cannot be
        // nested in Markdown and loses the space (covered by the stability property below).
        leaves.push({ text: ' ' });
      });
      return leaves;
    });
}

const canonicalInlines = fc
  .array(fc.oneof({ arbitrary: canonicalTexts(5).map((t) => ({ texts: t })), weight: 3 }, fc.record({ url, texts: canonicalTexts(3) })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => {
    const inlines: NoteInline[] = [];
    parts.forEach((part, index) => {
      if ('url' in part) {
        // Line breaks inside link text and at a link's edges are not canonical: keep links on one line.
        const texts = part.texts.map((leaf) => (leaf.text === '\n' ? { text: ' ' } : leaf));
        inlines.push({ type: 'link', url: part.url, children: texts });
      } else {
        inlines.push(...part.texts);
      }
      if (index < parts.length - 1) inlines.push({ text: ' ' });
    });
    return normalizeInlines(inlines);
  })
  .filter((inlines) => {
    // A line break next to a link's edge or at the block's edge is dropped by Markdown.
    const text = inlines.map((node) => ('type' in node ? '\u0001' : node.text)).join('');
    return !/^\s|\s$|\n\s|\s\n/.test(text);
  });

const block: fc.Arbitrary<NoteBlock> = fc.oneof(
  canonicalInlines.map((children) => ({ type: 'paragraph' as const, children })),
  canonicalInlines.map((children) => ({ type: 'block-quote' as const, children })),
  fc
    .tuple(fc.constantFrom('bulleted-list' as const, 'numbered-list' as const), fc.array(canonicalInlines, { minLength: 1, maxLength: 3 }))
    .map(([type, items]) => ({ type, children: items.map((children) => ({ type: 'list-item' as const, children })) })),
);
const canonicalDocument = fc.array(block, { minLength: 1, maxLength: 4 });

/** Any document the editor could hold: any text, any marks, empty blocks, stray whitespace. */
const anyText = fc.string({ unit: fc.constantFrom(...CHARS, ' ', ' ', '\n', '\t'), maxLength: 12 });
const anyLeaf = fc.tuple(anyText, marks).map(([text, leafMarks]) => {
  const leaf: NoteText = { text };
  for (const mark of leafMarks) leaf[mark] = true;
  return leaf;
});
const anyInlines = fc
  .array(fc.oneof({ arbitrary: anyLeaf, weight: 4 }, fc.record({ type: fc.constant('link' as const), url, children: fc.array(anyLeaf, { minLength: 1, maxLength: 3 }) })), {
    maxLength: 6,
  })
  .map((inlines) => normalizeInlines(inlines));
const anyDocument: fc.Arbitrary<NoteDocument> = fc.array(
  fc.oneof(
    anyInlines.map((children) => ({ type: 'paragraph' as const, children })),
    anyInlines.map((children) => ({ type: 'block-quote' as const, children })),
    fc
      .tuple(fc.constantFrom('bulleted-list' as const, 'numbered-list' as const), fc.array(anyInlines, { minLength: 1, maxLength: 3 }))
      .map(([type, items]) => ({ type, children: items.map((children) => ({ type: 'list-item' as const, children })) })),
  ),
  { minLength: 1, maxLength: 4 },
);

const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

describe('Markdown ⇄ document, properties', () => {
  it('document → Markdown → document is the identity on canonical documents', () => {
    fc.assert(
      fc.property(canonicalDocument, (document) => {
        expect(markdownToDocument(documentToMarkdown(document))).toEqual(document);
      }),
      { numRuns: 1500 },
    );
  });

  it('Markdown written from any document is stable: reading and writing it again changes nothing', () => {
    fc.assert(
      fc.property(anyDocument, (document) => {
        const markdown = documentToMarkdown(document);
        expect(documentToMarkdown(markdownToDocument(markdown))).toBe(markdown);
      }),
      { numRuns: 1500 },
    );
  });

  it('no text is lost or invented, only whitespace normalised', () => {
    fc.assert(
      fc.property(anyDocument, (document) => {
        expect(words(documentText(markdownToDocument(documentToMarkdown(document))))).toBe(words(documentText(document)));
      }),
      { numRuns: 1500 },
    );
  });

  it('any Markdown (from a server, typed by hand) reads without throwing and then round-trips stably', () => {
    const markdownChars = fc.constantFrom(...CHARS, ' ', '\n', '\n', '>', '- ', '1. ', '# ', '```', '    ', '<b>', '</b>', '**', '~~');
    fc.assert(
      fc.property(fc.string({ unit: markdownChars, maxLength: 40 }), (markdown) => {
        const once = documentToMarkdown(markdownToDocument(markdown));
        expect(documentToMarkdown(markdownToDocument(once))).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the letters of Markdown it does not understand', () => {
    const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '漢', '1'), minLength: 1, maxLength: 8 });
    const wrappers = fc.constantFrom(
      (t: string) => `# ${t}`,
      (t: string) => `\`\`\`\n${t}\n\`\`\``,
      (t: string) => `<div>${t}</div>`,
      (t: string) => `| ${t} |\n|---|`,
      (t: string) => `![${t}](x.png)`,
      (t: string) => `- a\n  - ${t}`,
      (t: string) => `${t}\n---`,
    );
    fc.assert(
      fc.property(letters, wrappers, (text, wrap) => {
        expect(documentText(markdownToDocument(wrap(text)))).toContain(text);
      }),
    );
  });
});

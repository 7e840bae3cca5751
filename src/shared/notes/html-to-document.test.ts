import { describe, expect, it } from 'vitest';
import { documentText, documentToMarkdown, type NoteBlock } from './index';
import { htmlToDocument } from './html-to-document';
import { parseTestHtml } from './test-html';

const paste = (html: string): NoteBlock[] => htmlToDocument(parseTestHtml(html));
const pasteMarkdown = (html: string) => documentToMarkdown(paste(html));
const allUrls = (blocks: NoteBlock[]) => JSON.stringify(blocks).match(/"url":"[^"]*"/g) ?? [];

describe('htmlToDocument: what is kept', () => {
  it('keeps bold, italic, strikethrough, code and links', () => {
    expect(pasteMarkdown('<p>Hi <b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em> <s>gone</s> <code>x()</code> <a href="https://example.com/a?b=1">link</a></p>')).toBe(
      'Hi **bold** **strong** _it_ _em_ ~~gone~~ `x()` [link](https://example.com/a?b=1)',
    );
  });

  it('keeps paragraphs, line breaks, lists and quotes', () => {
    expect(
      paste('<p>one<br>two</p><ul><li>a</li><li>b</li></ul><ol><li>first</li></ol><blockquote><p>quoted</p></blockquote>'),
    ).toEqual([
      { type: 'paragraph', children: [{ text: 'one\ntwo' }] },
      { type: 'bulleted-list', children: [{ type: 'list-item', children: [{ text: 'a' }] }, { type: 'list-item', children: [{ text: 'b' }] }] },
      { type: 'numbered-list', children: [{ type: 'list-item', children: [{ text: 'first' }] }] },
      { type: 'block-quote', children: [{ text: 'quoted' }] },
    ]);
  });

  it('reads Google Docs: the font-weight:normal wrapper is not bold, styled spans are', () => {
    const html =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234"><p dir="ltr"><span style="font-weight:700;">Bold</span><span style="font-weight:400;"> and </span><span style="font-style:italic;font-weight:400">italic</span></p><ul><li dir="ltr"><p dir="ltr"><span>item one</span></p></li><li><p><span>item two</span></p></li></ul></b>';
    expect(pasteMarkdown(html)).toBe('**Bold** and _italic_\n\n- item one\n- item two');
  });

  it('reads Word: MsoListParagraph paragraphs become a list, the bullet spans go', () => {
    const html = `<p class=MsoNormal><b>Title</b><o:p></o:p></p>
      <p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>first</p>
      <p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·</span>second</p>
      <p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>1.<span> </span></span>numbered</p>`;
    expect(pasteMarkdown(html)).toBe('**Title**\n\n- first\n- second\n\n1. numbered');
  });

  it('collapses HTML whitespace like a browser renders it', () => {
    expect(paste('<div>\n  lots   of\n\tspace  <span> here </span>\n</div>')).toEqual([{ type: 'paragraph', children: [{ text: 'lots of space here' }] }]);
  });

  it('keeps table cells’ text', () => {
    expect(documentText(paste('<table><tr><th>Name</th><th>Phone</th></tr><tr><td>Ana</td><td>123</td></tr></table>'))).toBe('Name Phone\nAna 123');
  });
});

describe('htmlToDocument: hostile HTML', () => {
  it('drops scripts, styles and their content', () => {
    const blocks = paste('<p>safe</p><script>alert(document.cookie)</script><style>body{display:none}</style><noscript>ns</noscript>');
    expect(documentText(blocks)).toBe('safe');
  });

  it('drops images, with their onerror handlers, and never keeps an attribute it does not read', () => {
    const blocks = paste('<p>a<img src=x onerror="alert(1)">b<svg onload="alert(2)"><text>svg text</text></svg></p>');
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ text: 'ab' }] }]);
    expect(JSON.stringify(blocks)).not.toMatch(/onerror|onload|alert|src/);
  });

  it('drops iframes, nested or not, and everything inside them', () => {
    const blocks = paste('<div>x<iframe src="javascript:alert(1)"><iframe srcdoc="<script>alert(1)</script>">inner</iframe>fallback</iframe><object data="evil.swf"><embed src="e"></object>y</div>');
    expect(documentText(blocks)).toBe('xy');
  });

  it('turns javascript:, data:, vbscript: and file: links into plain text', () => {
    const blocks = paste(
      '<a href="javascript:alert(1)">js</a> <a href=" JaVaScRiPt:alert(1)">js2</a> <a href="java&#x09;script:alert(1)">tab</a> <a href="data:text/html,<script>alert(1)</script>">data</a> <a href="vbscript:msgbox">vb</a> <a href="file:///etc/passwd">file</a> <a>none</a>',
    );
    expect(allUrls(blocks)).toEqual([]);
    expect(documentText(blocks)).toBe('js js2 tab data vb file none');
  });

  it('keeps http, https and mailto links, normalised by the link policy', () => {
    const blocks = paste('<a href="HTTPS://Example.COM/x">a</a> <a href="mailto:ana@example.com">b</a> <a href="https://user:pw@evil.example">c</a>');
    expect(allUrls(blocks)).toEqual(['"url":"https://example.com/x"', '"url":"mailto:ana@example.com"']);
  });

  it('drops hidden text, form controls and inline event handlers', () => {
    const blocks = paste('<p onclick="alert(1)" style="color:red">shown</p><p hidden>hidden</p><span style="display: none">invisible</span><button onclick="x()">btn</button><textarea>ta</textarea>');
    expect(documentText(blocks)).toBe('shown');
    expect(JSON.stringify(blocks)).not.toMatch(/onclick|color|style/);
  });

  it('produces only node types and marks the editor knows', () => {
    const blocks = paste('<h1 class="x" data-y="z">Head</h1><table><tr><td><u>under</u><sup>2</sup><font color=red>f</font></td></tr></table><marquee>m</marquee>');
    const types = new Set(JSON.stringify(blocks).match(/"type":"[^"]*"/g));
    for (const type of types) expect(['"type":"paragraph"']).toContain(type);
    for (const key of JSON.stringify(blocks).match(/"[a-z]+":/g) ?? []) expect(['"type":', '"children":', '"text":']).toContain(key);
  });

  it('survives absurd nesting', () => {
    expect(() => paste('<div>'.repeat(20_000) + 'deep' + '</div>'.repeat(20_000))).not.toThrow();
    expect(documentText(paste('<b>'.repeat(300) + 'deep'))).toBe('deep');
  });

  it('caps enormous pastes', () => {
    const text = documentText(paste(`<p>${'a'.repeat(300_000)}</p>`));
    expect(text.length).toBe(100_000);
  });
});

import { decodeEntities } from './markdown-parse';
import type { HtmlNode } from './html-to-document';

/**
 * A small HTML tree builder for the paste tests (imported only by `*.test.ts`; vitest runs in Node
 * without a DOM). It builds the tree a browser would for well-formed input: the browser's own
 * parser, with its error recovery, is exercised by the Playwright paste tests.
 */
interface TestNode extends HtmlNode {
  childNodes: TestNode[];
  attributes: Map<string, string>;
}

const VOID = new Set(['br', 'img', 'hr', 'input', 'meta', 'link', 'source', 'area', 'base', 'col', 'embed', 'param', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);

function element(name: string): TestNode {
  const attributes = new Map<string, string>();
  return { nodeType: 1, nodeName: name.toUpperCase(), nodeValue: null, childNodes: [], attributes, getAttribute: (n) => attributes.get(n.toLowerCase()) ?? null };
}

export function parseTestHtml(html: string): HtmlNode {
  const root = element('body');
  const stack: TestNode[] = [root];
  const top = () => stack[stack.length - 1]!;
  let i = 0;
  while (i < html.length) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? html.length : end + 3;
    } else if (html.startsWith('<!', i) || html.startsWith('<?', i)) {
      // Doctype, Word's <![if …]> and other bogus comments.
      const end = html.indexOf('>', i);
      i = end === -1 ? html.length : end + 1;
    } else if (html.startsWith('</', i)) {
      const match = /^<\/([a-zA-Z0-9:-]+)[^>]*>/.exec(html.slice(i));
      if (!match) { top().childNodes.push(text('</')); i += 2; continue; }
      const name = match[1]!.toUpperCase();
      const at = stack.map((n) => n.nodeName).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i += match[0].length;
    } else if (html[i] === '<' && /[a-zA-Z]/.test(html[i + 1] ?? '')) {
      const match = /^<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/.exec(html.slice(i));
      if (!match) { top().childNodes.push(text('<')); i++; continue; }
      i += match[0].length;
      const name = match[1]!.toLowerCase();
      const node = element(name);
      for (const attr of match[2]!.matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
        node.attributes.set(attr[1]!.toLowerCase(), decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? ''));
      }
      top().childNodes.push(node);
      if (RAW_TEXT.has(name)) {
        const end = html.toLowerCase().indexOf(`</${name}`, i);
        node.childNodes.push(text(html.slice(i, end === -1 ? html.length : end)));
        i = end === -1 ? html.length : html.indexOf('>', end) + 1;
      } else if (!VOID.has(name)) {
        stack.push(node);
      }
    } else {
      const next = html.indexOf('<', i + 1);
      const end = next === -1 ? html.length : next;
      top().childNodes.push(text(decodeEntities(html.slice(i, end))));
      i = end;
    }
  }
  return root;
}

function text(value: string): TestNode {
  return { nodeType: 3, nodeName: '#text', nodeValue: value, childNodes: [], attributes: new Map() };
}

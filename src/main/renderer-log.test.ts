import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { forwardRendererErrors, type ConsoleMessageDetails, type ConsoleMessageSource } from './renderer-log';

function fakeContents() {
  const emitter = new EventEmitter();
  const contents: ConsoleMessageSource = {
    on: (event, listener) => emitter.on(event, listener),
  };
  const say = (details: ConsoleMessageDetails) => emitter.emit('console-message', details);
  return { contents, say };
}

describe('renderer errors in the log', () => {
  it('writes the renderer’s console errors, with where they came from, and nothing else', () => {
    const { contents, say } = fakeContents();
    const written: unknown[][] = [];
    forwardRendererErrors(contents, { error: (...args: unknown[]) => written.push(args) });
    say({ level: 'info', message: 'ready', sourceId: 'app.js', lineNumber: 1 });
    say({ level: 'warning', message: 'slow', sourceId: 'app.js', lineNumber: 2 });
    say({ level: 'error', message: 'Wintook Contacts render error: boom', sourceId: 'index.js', lineNumber: 42 });
    expect(written).toEqual([['Wintook Contacts render error: boom', '(index.js:42)']]);
  });
});

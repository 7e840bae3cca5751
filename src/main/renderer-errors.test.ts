import { describe, expect, it } from 'vitest';
import { rendererErrorLogText } from './renderer-errors';

describe('rendererErrorLogText', () => {
  it('logs the message and the stack’s frames', () => {
    const text = rendererErrorLogText({
      kind: 'unhandled-rejection',
      message: 'TypeError: x is undefined',
      stack: 'TypeError: x is undefined\n    at save (app://index.js:1:2)\n    at run (app://index.js:3:4)',
    });
    expect(text.split('\n')).toEqual([
      'unhandled-rejection in the renderer: "TypeError: x is undefined"',
      '    at save (app://index.js:1:2)',
      '    at run (app://index.js:3:4)',
    ]);
  });

  it('cannot be made to write a forged log line', () => {
    const text = rendererErrorLogText({
      kind: 'error',
      message: 'x\n[2026-12-07 10:00:00.000] [info] (sync) Connected',
      stack: 'Error: x\n[2026-12-07 10:00:00.000] [info] forged\n    at f (a.js:1:1)\u2028[info] forged too',
    });
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('\\n[2026-12-07');
    expect(lines[1]).toMatch(/^ {4}at f \(a\.js:1:1\)/);
    expect(lines.every((line) => !line.startsWith('['))).toBe(true);
    expect(lines[1]).toContain('\\u2028[info] forged too');
  });

  it('logs a report without a stack on one line', () => {
    expect(rendererErrorLogText({ kind: 'render', message: 'boom' })).toBe('render in the renderer: "boom"');
  });
});

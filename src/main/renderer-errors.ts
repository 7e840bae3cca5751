import type { RendererErrorReport } from '../shared/host';

/**
 * A renderer's error report as lines of main's log. The page's text is quoted, so a message with
 * line breaks cannot forge log lines of its own; the stack follows indented, one frame a line.
 */
/** JSON string quoting, plus the two line separators JSON leaves as they are (some viewers break lines on them). */
function quote(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (separator) => `\\u${separator.charCodeAt(0).toString(16)}`);
}

export function rendererErrorLogText(report: RendererErrorReport): string {
  const head = `${report.kind} in the renderer: ${quote(report.message)}`;
  if (!report.stack) return head;
  const frames = report.stack
    .split(/\r\n|\r|\n/)
    .slice(1)
    .map((frame) => frame.trim())
    .filter((frame) => /^at\s|@/.test(frame))
    .map((frame) => `    ${quote(frame).slice(1, -1)}`);
  return frames.length > 0 ? `${head}\n${frames.join('\n')}` : head;
}

/**
 * Plain text ↔ Atlassian Document Format. Jira v3 takes worklog comments only as ADF
 * (a plain string is a 400); Tract keeps comments as plain text.
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  [key: string]: unknown;
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
  [key: string]: unknown;
}

/** One paragraph per line; empty lines become empty paragraphs. */
export function textToAdf(text: string): AdfDocument {
  const lines = text.split(/\r?\n/);
  return {
    type: 'doc',
    version: 1,
    content: lines.map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'rule', 'tableRow']);

/** Text of an ADF document (or a v2 plain string); blocks are separated by newlines. */
export function adfToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  const parts: string[] = [];
  collect(value as AdfNode, parts);
  return parts.join('').replace(/\n+$/, '');
}

function collect(node: AdfNode, parts: string[]): void {
  parts.push(inlineText(node));
  for (const child of node.content ?? []) collect(child, parts);
  if (BLOCK_TYPES.has(node.type)) parts.push('\n');
}

function inlineText(node: AdfNode): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'mention' || node.type === 'emoji') return String((node.attrs as { text?: string } | undefined)?.text ?? '');
  return '';
}

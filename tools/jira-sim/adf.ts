/** Minimal Atlassian Document Format helpers: v3 takes and gives ADF, v2 and webhooks plain strings. */

export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  [key: string]: unknown;
}

export function isAdfDoc(value: unknown): value is AdfNode {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as Record<string, unknown>;
  return node.type === 'doc' && typeof node.version === 'number' && Array.isArray(node.content);
}

/** Plain text of a document: text nodes concatenated, block nodes and hard breaks as newlines. */
export function adfToText(doc: AdfNode): string {
  const blocks: string[] = [];
  for (const block of doc.content ?? []) blocks.push(inlineText(block));
  return blocks.join('\n');
}

function inlineText(node: AdfNode): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(inlineText).join('');
}

/** How Jira presents a plain-text comment in v3: one paragraph per line. */
export function textToAdf(text: string): AdfNode {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({
      type: 'paragraph',
      content: line === '' ? [] : [{ type: 'text', text: line }],
    })),
  };
}

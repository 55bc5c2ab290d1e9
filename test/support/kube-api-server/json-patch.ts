/**
 * JSON Patch, RFC 6902 (add, remove, replace, move, copy, test), with JSON Pointers (RFC 6901).
 * Throws `JsonPatchError` when an operation cannot apply; the caller turns that into a Status.
 */
import { isDeepStrictEqual } from 'node:util';

export class JsonPatchError extends Error {}

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function child(node: unknown, token: string, pointer: string): unknown {
  if (Array.isArray(node)) {
    const i = Number(token);
    if (!/^(0|[1-9][0-9]*)$/.test(token) || i >= node.length) throw new JsonPatchError(`path "${pointer}" does not exist`);
    return node[i];
  }
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) return (node as Record<string, unknown>)[token];
  throw new JsonPatchError(`path "${pointer}" does not exist`);
}

function parentOf(doc: unknown, tokens: string[], pointer: string): Container {
  let node = doc;
  for (const token of tokens.slice(0, -1)) node = child(node, token, pointer);
  if (typeof node !== 'object' || node === null) throw new JsonPatchError(`path "${pointer}" does not exist`);
  return node as Container;
}

function arrayIndex(arr: unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  const max = forInsert ? arr.length : arr.length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) > max) throw new JsonPatchError(`index out of range in "${pointer}"`);
  return Number(token);
}

function get(doc: unknown, pointer: string): unknown {
  return parsePointer(pointer).reduce((node, token) => child(node, token, pointer), doc);
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
  else parent[last] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, pointer, false), 1);
  } else {
    if (!Object.hasOwn(parent, last)) throw new JsonPatchError(`unable to remove nonexistent key: ${last}: missing value`);
    delete parent[last];
  }
  return doc;
}

function applyOne(doc: unknown, op: JsonPatchOperation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, op.path, structuredClone(op.value));
    case 'remove':
      return remove(doc, op.path);
    case 'replace':
      get(doc, op.path);
      return add(remove(doc, op.path), op.path, structuredClone(op.value));
    case 'move': {
      const value = get(doc, op.from ?? '');
      return add(remove(doc, op.from ?? ''), op.path, value);
    }
    case 'copy':
      return add(doc, op.path, structuredClone(get(doc, op.from ?? '')));
    case 'test':
      if (!isDeepStrictEqual(get(doc, op.path), op.value)) {
        throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
      }
      return doc;
    default:
      throw new JsonPatchError(`Unexpected kind: ${op.op}`);
  }
}

/** Applies `ops` to a copy of `doc`; all or nothing. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return ops.reduce<unknown>((acc, op: JsonPatchOperation) => applyOne(acc, op), structuredClone(doc));
}

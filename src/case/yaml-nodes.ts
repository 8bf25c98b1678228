// Finding the YAML node a validation problem is about, for file:line:column messages.
import type { Document, Node } from 'yaml';

export function nodeAt(document: Document, path: readonly (string | number)[]): Node | undefined {
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}

/** The node at the path, or at its closest existing parent (for a missing required key). */
export function nearestNode(document: Document, path: readonly (string | number)[]): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = nodeAt(document, path.slice(0, length));
    if (node) return node;
  }
  return undefined;
}

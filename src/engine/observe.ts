// Observed responses, read: the XML body parsed once, the error Code and Message picked out, and
// dotted XML paths resolved for captures and expectations.
import { XMLParser } from 'fast-xml-parser';
import type { ObservedResponse } from './http.ts';

export interface ReadResponse extends ObservedResponse {
  /** The parsed XML body, or undefined when the body is empty or not XML. */
  xml?: Record<string, unknown>;
  /** Why an XML-looking body did not parse, when it did not. */
  xmlError?: string;
  errorCode?: string;
  errorMessage?: string;
}

// Values stay strings (ETags and version ids must not become numbers); attributes are ignored;
// character references such as &#34; (MinIO's quotes around ETags) are decoded.
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, htmlEntities: true });

export function readResponse(response: ObservedResponse): ReadResponse {
  const text = response.body.toString('utf8').trimStart();
  if (!text.startsWith('<')) return response;
  try {
    const xml = parser.parse(text, true) as Record<string, unknown>;
    const error = xml.Error as Record<string, unknown> | undefined;
    return {
      ...response,
      xml,
      errorCode: typeof error?.Code === 'string' ? error.Code : undefined,
      errorMessage: typeof error?.Message === 'string' ? error.Message : undefined,
    };
  } catch (parseError) {
    return { ...response, xmlError: (parseError as Error).message };
  }
}

/**
 * Every node a dotted path names, from the root element: `ListVersionsResult.Version[1].VersionId`.
 * A segment without an index names all its repeated elements; `[i]` picks one (from 0).
 */
export function resolveXmlPath(xml: Record<string, unknown> | undefined, path: string): unknown[] {
  let nodes: unknown[] = xml === undefined ? [] : [xml];
  for (const segment of path.split('.')) {
    const match = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(segment);
    if (!match) return [];
    const [, name, index] = match;
    const children = nodes.flatMap((node) => {
      if (!node || typeof node !== 'object') return [];
      const child = (node as Record<string, unknown>)[name!];
      return child === undefined ? [] : Array.isArray(child) ? child : [child];
    });
    nodes = index === undefined ? children : children.slice(Number(index), Number(index) + 1);
  }
  return nodes;
}

export function xmlText(node: unknown): string {
  if (node === null || node === undefined || node === '') return '';
  if (typeof node === 'object') return JSON.stringify(node);
  return String(node);
}

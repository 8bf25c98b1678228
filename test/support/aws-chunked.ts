// Reads an aws-chunked body back into its chunks and trailer lines, for proxies that play servers
// which misread it. Only what the tests need: well-formed bodies, as the engine writes them.

export interface DecodedChunk {
  /** The chunk's header line: its hex size and, when signed, `;chunk-signature=`. */
  line: string;
  data: Buffer;
}

export interface DecodedBody {
  /** The data chunks, the empty final chunk left out. */
  chunks: DecodedChunk[];
  trailerLines: string[];
}

export function decodeAwsChunked(body: Buffer): DecodedBody {
  const chunks: DecodedChunk[] = [];
  let offset = 0;
  const readLine = () => {
    const end = body.indexOf('\r\n', offset);
    if (end < 0) throw new Error(`aws-chunked: no line end after byte ${offset}`);
    const line = body.subarray(offset, end).toString('latin1');
    offset = end + 2;
    return line;
  };
  for (;;) {
    const line = readLine();
    const size = Number.parseInt(line.split(';')[0]!, 16);
    if (size === 0) break;
    chunks.push({ line, data: body.subarray(offset, offset + size) });
    offset += size + 2;
  }
  const trailerLines: string[] = [];
  for (let line = readLine(); line !== ''; line = readLine()) trailerLines.push(line);
  return { chunks, trailerLines };
}

export const isAwsChunked = (headers: Record<string, string | string[] | undefined>) =>
  String(headers['content-encoding'] ?? '').includes('aws-chunked');

import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { localAttributes, localName } from './xml-attributes.js';

export interface XmlHandlers {
  open(name: string, attributes: Map<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Feeds a zip entry's bytes through a SAX parser chunk by chunk (UTF-8 decoded across chunk boundaries), calling
 * `afterChunk` between chunks so a caller can hand over what the chunk produced without holding the whole part.
 */
export async function* streamXml(
  input: Readable,
  handlers: XmlHandlers,
  onBytes: (count: number) => void = () => undefined,
): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false });
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag) =>
    handlers.open(
      localName(tag.name),
      localAttributes(tag.attributes as Record<string, string>),
      tag.isSelfClosing,
    ),
  );
  parser.on('closetag', (tag) => handlers.close(localName(tag.name)));
  parser.on('text', (text) => handlers.text(text));
  parser.on('cdata', (text) => handlers.text(text));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      parser.write(decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
      yield;
    }
    parser.write(decoder.decode());
    parser.close();
    if (failure) throw failure;
    yield;
  } finally {
    input.destroy();
  }
}

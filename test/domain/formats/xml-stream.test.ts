import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseXml,
  XmlError,
  type XmlHandler,
  XmlStream,
} from '../../../functions/domain/formats/xml-stream.ts';
import { utf8 } from './helpers.ts';

/** Records events; attributes are looked up by the names given (the API has no listing). */
function recorder(names: readonly string[] = ['a', 'b', 'id', 'r', 'space']): {
  handler: XmlHandler;
  events: unknown[];
} {
  const events: unknown[] = [];
  const handler: XmlHandler = {
    open(name, attributes) {
      const found: Record<string, string> = {};
      for (const n of names) {
        const v = attributes.get(n);
        if (v !== undefined) found[n] = v;
      }
      events.push(['open', name, found]);
    },
    close(name) {
      events.push(['close', name]);
    },
    text(text) {
      // Pieces of one run of text are joined: how text is split is not part of the result.
      const last = events.at(-1);
      if (Array.isArray(last) && last[0] === 'text') last[1] += text;
      else events.push(['text', text]);
    },
  };
  return { handler, events };
}

/** Events from parsing the bytes cut at the given offsets. */
function parseChunked(bytes: Uint8Array, cuts: readonly number[]): unknown[] {
  const { handler, events } = recorder();
  const xml = new XmlStream(handler);
  let at = 0;
  for (const cut of [...cuts].sort((x, y) => x - y)) {
    xml.write(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  xml.write(bytes.subarray(at));
  xml.end();
  return events;
}

function parse(xml: string): unknown[] {
  const { handler, events } = recorder();
  parseXml(utf8(xml), handler);
  return events;
}

function errorOf(xml: string, cuts: readonly number[] = []): unknown {
  try {
    parseChunked(utf8(xml), cuts);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('XML stream tokenizer', () => {
  it('reports tags, attributes and text; names lose their prefix, empty tags open and close', () => {
    expect(
      parse(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- note --><x:root xmlns:x="urn:x" a=\'1\' r:id = "rId7"><x:c r="A1"/>t<?pi data?>u</x:root >\n',
      ),
    ).toEqual([
      ['open', 'root', { a: '1', id: 'rId7' }],
      ['open', 'c', { r: 'A1' }],
      ['close', 'c'],
      ['text', 'tu'],
      ['close', 'root'],
    ]);
  });

  it('decodes entities and character references, normalises line ends, keeps CDATA and spaces as written', () => {
    expect(
      parse(
        '<r a="x&amp;y&lt;&#62;&#x41;&quot;&apos;" b="1\r\n2\t3"> &lt;a&gt; &amp;amp; &#233;&#x1F600; \r\nx\ry&#13;<![CDATA[<b>&amp;]]></r>',
      ),
    ).toEqual([
      ['open', 'r', { a: 'x&y<>A"\'', b: '1 2 3' }],
      ['text', ' <a> &amp; é😀 \nx\ny\r<b>&amp;'],
      ['close', 'r'],
    ]);
  });

  it('reads a > inside an attribute value, and a BOM before the root', () => {
    expect(parse('\uFEFF<r a="1>2"><c b=\'"\'/></r>')).toEqual([
      ['open', 'r', { a: '1>2' }],
      ['open', 'c', { b: '"' }],
      ['close', 'c'],
      ['close', 'r'],
    ]);
  });

  it('gives the same events however the bytes are split (tags, entities, UTF-8 characters, CDATA)', () => {
    const names = ['r', 'row', 'c', 'v', 'x:t'];
    const text = fc.stringMatching(/^[a-z é漢😀<>&"'\r\n\t]{0,12}$/u);
    // Text keeps its raw line ends (normalised by the reader); attributes spell them as references.
    const refs: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', "'": '&#39;' };
    const encode = (s: string, attr: boolean) =>
      s.replace(
        /[&<>"'\r\n\t]/g,
        (ch) => refs[ch] ?? (ch === '>' ? '&gt;' : attr ? `&#x${ch.charCodeAt(0).toString(16)};` : ch),
      );
    type Node = { name: string; attrs: [string, string][]; children: (Node | string)[] };
    const node: fc.Memo<Node> = fc.memo((depth) =>
      fc.record({
        name: fc.constantFrom(...names),
        attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'r:id'), text), {
          maxLength: 3,
          selector: ([k]) => k,
        }),
        children:
          depth <= 1
            ? fc.array(text, { maxLength: 2 })
            : fc.array(fc.oneof(text, node(depth - 1)), { maxLength: 4 }),
      }),
    );
    const render = (n: Node | string): string => {
      if (typeof n === 'string') {
        return n.includes(']]>') || n.length % 3 !== 0 ? encode(n, false) : `<![CDATA[${n}]]>`;
      }
      const attrs = n.attrs.map(([k, v]) => ` ${k}="${encode(v, true)}"`).join('');
      return n.children.length === 0
        ? `<${n.name}${attrs}/>`
        : `<${n.name}${attrs}>${n.children.map(render).join('<!--c-->')}</${n.name}>`;
    };
    fc.assert(
      fc.property(node(3), fc.array(fc.nat(), { maxLength: 12 }), (root, cuts) => {
        const bytes = utf8(`<?xml version="1.0"?>\r\n${render(root)}\n`);
        const whole = parseChunked(bytes, []);
        expect(
          parseChunked(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          ),
        ).toEqual(whole);
        expect(parseChunked(bytes, Array.from(bytes.keys()))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes bad UTF-8 as U+FFFD, as before', () => {
    const bytes = new Uint8Array([...utf8('<r>a'), 0xff, 0xe6, 0xbc, ...utf8('</r>')]);
    expect(parseChunked(bytes, [4, 5, 6])).toEqual([
      ['open', 'r', {}],
      ['text', 'a\uFFFD\uFFFD'],
      ['close', 'r'],
    ]);
  });

  it('rejects XML that is not well formed, however it is split', () => {
    const bad = [
      '<r><c></r>',
      '<r></c>',
      '</r>',
      '<r>',
      '<r><c>text',
      '',
      '  ',
      'text<r/>',
      '<r/>text',
      '<r/><r/>',
      '<r>&nbsp;</r>',
      '<r>a & b</r>',
      '<r>&#0;</r>',
      '<r>&#xD800;</r>',
      '<r>\u0001</r>',
      '<r a="<"/>',
      '<r a=1/>',
      '<r a/>',
      '<r a="1"b="2"/>',
      '<r a="1/>',
      '<r/ >',
      '< r/>',
      '<r><!-- open </r>',
      '<r><![CDATA[ open </r>',
      '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>',
      '<![CDATA[x]]><r/>',
      `${'<a>'.repeat(300)}${'</a>'.repeat(300)}`,
    ];
    for (const xml of bad) {
      for (const cuts of [[], [1, 2, 3, 5, 8], Array.from(xml, (_, k) => k)]) {
        const e = errorOf(xml, cuts);
        expect(e, `${JSON.stringify(xml)} split at ${cuts.length} points`).toBeInstanceOf(XmlError);
      }
    }
  });

  it('stops on a tag with no end rather than holding everything, and rescans a long tag rarely', () => {
    const xml = new XmlStream(recorder().handler);
    xml.write(utf8('<r><c a="'));
    const block = utf8('x'.repeat(1024 * 1024));
    // Past 8 MB an unfinished tag is an error; it is noticed by the time it has doubled.
    expect(() => {
      for (let k = 0; k < 40; k++) xml.write(block);
    }).toThrow(XmlError);
    // A long but finished attribute arriving in small pieces is read in time linear in its length.
    const { handler, events } = recorder(['a']);
    const long = new XmlStream(handler);
    const start = performance.now();
    long.write(utf8('<r a="'));
    const piece = utf8('y'.repeat(100));
    for (let k = 0; k < 20_000; k++) long.write(piece);
    long.write(utf8('"/>'));
    long.end();
    expect((events[0] as [string, string, { a: string }])[2].a.length).toBe(2_000_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

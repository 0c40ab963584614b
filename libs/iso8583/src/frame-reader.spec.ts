import { FrameReader } from './frame-reader';
import { frame } from './framing';

describe('FrameReader', () => {
  const a = frame('binary2', Buffer.from('0800AAAA'));
  const b = frame('binary2', Buffer.from('0800BBBBBB'));

  it('joins a frame split across segments, byte by byte', () => {
    const reader = new FrameReader('binary2', 8192);
    const events = [...a].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(events).toEqual([{ kind: 'frame', body: Buffer.from('0800AAAA') }]);
  });

  it('splits several frames from one segment, skipping keep-alives', () => {
    const reader = new FrameReader('binary2', 8192);
    const events = reader.push(Buffer.concat([a, Buffer.from([0, 0]), b]));
    expect(events.map((e) => e.kind)).toEqual(['frame', 'keepalive', 'frame']);
  });

  it('reports an oversize length and stops reading', () => {
    const reader = new FrameReader('binary2', 100);
    expect(reader.push(Buffer.from([0x01, 0x00, 0x30]))).toEqual([{ kind: 'bad-header', reason: 'frame length 256 over maximum 100' }]);
    expect(reader.push(a)).toEqual([]);
  });

  it.each(['ascii4', 'bcd2'] as const)('reads %s length headers', (kind) => {
    const reader = new FrameReader(kind, 8192);
    expect(reader.push(frame(kind, Buffer.from('0800AAAA')))).toEqual([{ kind: 'frame', body: Buffer.from('0800AAAA') }]);
  });
});

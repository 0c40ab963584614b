import { Logger } from '@nestjs/common';
import type { AuthorizerConfig } from '../config/authorizer-config';
import { BlockScanner } from './block-scanner';
import { ChainError } from './chain-error';
import type { ChainGateway } from './chain-gateway';
import type { MinedTransaction, RpcReceipt } from './mined-transaction';

const receipt = (block: number, status = '0x1'): RpcReceipt => ({
  transactionHash: `0x${block.toString(16).padStart(64, '0')}`,
  status,
  blockNumber: `0x${block.toString(16)}`,
  blockHash: `0xb${block}`,
  gasUsed: '0x5208',
  effectiveGasPrice: '0x3b9aca00',
});

function scanner(confirmations = 1, blockReceipts?: (n: number) => Promise<RpcReceipt[]>) {
  const asked: number[] = [];
  const chain = {
    blockReceipts: blockReceipts ?? ((n: number) => (asked.push(n), Promise.resolve([receipt(n)]))),
  } as unknown as ChainGateway;
  return { s: new BlockScanner(chain, { confirmations } as AuthorizerConfig), asked };
}

async function scanned(s: BlockScanner, head: number): Promise<MinedTransaction[]> {
  const out: MinedTransaction[] = [];
  await s.scan(head, async (m) => void out.push(...m));
  return out;
}

describe('BlockScanner', () => {
  it('starts a few blocks back, then reads each new block once, in order', async () => {
    const { s, asked } = scanner();
    await scanned(s, 100);
    expect(asked[0]).toBe(51);
    expect(asked.at(-1)).toBe(100);
    asked.length = 0;
    expect(await scanned(s, 100)).toEqual([]);
    await scanned(s, 103);
    expect(asked).toEqual([101, 102, 103]);
  });

  it('turns receipts into mined transactions: status, fee = gasUsed × effectiveGasPrice', async () => {
    const { s } = scanner(1, (n) => Promise.resolve(n === 10 ? [receipt(10, '0x0')] : []));
    const [m] = await scanned(s, 10);
    expect(m).toEqual({
      hash: receipt(10).transactionHash,
      status: 'FAILED',
      blockNumber: '10',
      blockHash: '0xb10',
      gasUsed: '21000',
      feePaid: '21000000000000',
    });
  });

  it('stays CONFIRMATIONS below the head', async () => {
    const { s, asked } = scanner(3);
    await scanned(s, 100);
    expect(asked.at(-1)).toBe(98);
  });

  it('reads at most 50 blocks per pass and catches up over passes', async () => {
    const { s, asked } = scanner();
    await scanned(s, 100);
    asked.length = 0;
    await scanned(s, 180);
    expect(asked).toHaveLength(50);
    expect(asked[0]).toBe(101);
    await scanned(s, 180);
    expect(asked.at(-1)).toBe(180);
  });

  it('says in the log when it is more than a pass behind the head, also from inside a pass that does not end; at most once a minute', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const { s } = scanner();
      s.reportLag(500); // not started yet: nothing to say
      await scanned(s, 100);
      s.reportLag(150); // 50 behind: the next pass reads them all
      expect(warn).not.toHaveBeenCalled();
      // A pass stuck recording block 101 while the head moves on: the timer's call says so.
      await s.scan(120, async (m) => {
        if (m[0].blockNumber !== '101') return;
        now += 11_000;
        s.reportLag(300);
      });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        'block scan 200 blocks behind the chain (recorded through 100 of 300; the pass under way has run 11000 ms): their payments stay open meanwhile',
      );
      now += 30_000;
      s.reportLag(400); // said 30 s ago
      expect(warn).toHaveBeenCalledTimes(1);
      now += 30_000;
      s.reportLag(400);
      expect(warn).toHaveBeenLastCalledWith(
        expect.stringMatching(/^block scan 280 blocks behind the chain \(recorded through 120 of 400; no pass under way\)/),
      );
    } finally {
      warn.mockRestore();
      clock.mockRestore();
    }
  });

  it('jumps ahead when more than 1,000 blocks behind', async () => {
    const { s, asked } = scanner();
    await scanned(s, 100);
    asked.length = 0;
    await scanned(s, 5_000);
    expect(asked[0]).toBe(4_951);
  });

  it('reads the blocks again when recording failed', async () => {
    const { s, asked } = scanner();
    await scanned(s, 10);
    asked.length = 0;
    await expect(s.scan(12, () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    await scanned(s, 12);
    expect(asked).toEqual([11, 12, 11, 12]); // block 11 failed to record (12 was read ahead): both read again
  });

  it('reads the next block while the current one is being recorded, and records in order', async () => {
    const { s, asked } = scanner();
    await scanned(s, 10);
    asked.length = 0;
    const seen: string[] = [];
    await s.scan(13, async (m) => {
      seen.push(m[0].blockNumber);
      expect(asked).toContain(Number(m[0].blockNumber) + Math.min(1, 13 - Number(m[0].blockNumber)));
    });
    expect(seen).toEqual(['11', '12', '13']);
    expect(asked).toEqual([11, 12, 13]);
  });

  it('a failed read ahead fails the scan only when its block is reached', async () => {
    const { s } = scanner(1, (n) => (n === 12 ? Promise.reject(new Error('node down')) : Promise.resolve([receipt(n)])));
    await scanned(s, 10);
    const seen: string[] = [];
    await expect(s.scan(13, async (m) => void seen.push(m[0].blockNumber))).rejects.toThrow('node down');
    expect(seen).toEqual(['11']);
  });

  it('rewinds after a reorg', async () => {
    const { s, asked } = scanner();
    await scanned(s, 20);
    s.rewindTo(18);
    asked.length = 0;
    await scanned(s, 20);
    expect(asked).toEqual([18, 19, 20]);
  });

  it('keeps a rewind made while a block is being recorded (the reorg check runs in another loop)', async () => {
    const { s, asked } = scanner();
    await scanned(s, 20);
    asked.length = 0;
    let reorged = false;
    await s.scan(22, async (m) => {
      if (m[0].blockNumber !== '21' || reorged) return;
      reorged = true;
      s.rewindTo(19);
    });
    expect(asked).toEqual([21, 22, 19, 20, 21, 22]); // 22, read ahead before the rewind, is dropped
  });

  it('turns itself off on a node without eth_getBlockReceipts (and says so); other failures propagate', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const off = scanner(1, () => Promise.reject(new ChainError('UNSUPPORTED', 'no')));
    expect(await scanned(off.s, 10)).toEqual([]);
    expect(off.s.active).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('following each payment'));
    warn.mockRestore();
    const down = scanner(1, () => Promise.reject(new ChainError('UNAVAILABLE', 'down')));
    await expect(scanned(down.s, 10)).rejects.toThrow('down');
    expect(down.s.active).toBe(true);
  });

  it('reports the last block recorded: not one whose recording failed', async () => {
    const { s } = scanner();
    expect(s.scannedThrough).toBeUndefined();
    await scanned(s, 100);
    expect(s.scannedThrough).toBe(100);
    await expect(s.scan(102, (m) => (m[0].blockNumber === '102' ? Promise.reject(new Error('db down')) : Promise.resolve()))).rejects.toThrow('db down');
    expect(s.scannedThrough).toBe(101);
  });
});

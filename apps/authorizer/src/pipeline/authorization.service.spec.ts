import { DIALECT_1987_ASCII, toNamedFields, type IsoMessage } from '@bridge/iso8583';
import { authorizationRequest } from '../../../../test/unit/support/authorization-request';
import { DEADLINE_MS, paying, payingWithApproval, recorder, service, sleep, TX } from '../../../../test/unit/support/authorization-service-doubles';
import type { AuthorizationRecorder, Completion } from './authorization-recorder';
import { requestHash } from './request-hash';

const request = authorizationRequest();

const de39 = (m: IsoMessage) => toNamedFields(m, DIALECT_1987_ASCII).responseCode;

describe('AuthorizationService: an approval committed with its payment', () => {
  it('approved: the row rides in the payment commit (APPROVED, 00, the answer sent), no write of its own', async () => {
    const { r, recorded } = recorder(0, true);
    const { pipeline, rows } = payingWithApproval(0, 0, 0);
    const { s } = service(pipeline, r);
    const answer = toNamedFields(await s.authorize(request), DIALECT_1987_ASCII);
    expect(answer.responseCode).toBe('00');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'APPROVED', response_code: '00', approval_code: answer.approvalCode, needs_review: false });
    expect((rows[0].response_fields as Record<string, string>).additionalData).toBe(answer.additionalData); // DE48 with the tx hash
    expect(recorded).toEqual([]);
  });

  it('the deadline passes during the broadcast: the committed 00 goes out at the deadline, not a 91 and not after the broadcast', async () => {
    const { r, recorded } = recorder(0, true);
    const { s } = service(payingWithApproval(DEADLINE_MS / 4, DEADLINE_MS / 4, DEADLINE_MS * 3).pipeline, r);
    const started = Date.now();
    expect(de39(await s.authorize(request))).toBe('00');
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 2);
    await sleep(DEADLINE_MS * 3);
    expect(recorded).toEqual([]);
  });

  it('the deadline passes during the commit: the 00 goes out once committed, not a 91 before it', async () => {
    const { r, recorded } = recorder(0, true);
    const { s } = service(payingWithApproval(DEADLINE_MS / 2, DEADLINE_MS * 1.5, DEADLINE_MS * 3).pipeline, r);
    const started = Date.now();
    expect(de39(await s.authorize(request))).toBe('00');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS * 2 - 5);
    expect(elapsed).toBeLessThan(DEADLINE_MS * 3);
    expect(recorded).toEqual([]);
  });

  it('the row was closed or reversed while the batch was written: nothing paid, 91 at once, no late approval and no refund', async () => {
    const { r, recorded } = recorder(0, false);
    const { s, refunds } = service(payingWithApproval(DEADLINE_MS / 4, DEADLINE_MS / 4, DEADLINE_MS * 3, false).pipeline, r);
    const started = Date.now();
    expect(de39(await s.authorize(request))).toBe('91');
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 0.9); // the work's answer, not the deadline's
    await sleep(DEADLINE_MS * 3);
    expect(recorded.map((c) => c.status)).toEqual(['DECLINED']); // tried on the closed row: written nowhere
    expect(refunds.request).not.toHaveBeenCalled();
  });

  it('the commit reported an error but committed: the decline finds the row answered and its 00 goes out, not a 96', async () => {
    const { r, recorded } = recorder(0, false, undefined, { responseCode: '00', approvalCode: 'A1B2C3' });
    const { s } = service(payingWithApproval(0, 0, 0, true, 'SYSTEM_ERROR').pipeline, r);
    const answer = toNamedFields(await s.authorize(request), DIALECT_1987_ASCII);
    expect([answer.responseCode, answer.approvalCode]).toEqual(['00', 'A1B2C3']);
    expect(recorded.map((c) => [c.status, c.responseCode])).toEqual([['DECLINED', '96']]);
  });
});

describe('AuthorizationService: the answer sent is the answer recorded', () => {
  it('approved well inside the deadline: 00, recorded APPROVED, no refund', async () => {
    const { r, recorded } = recorder(0, true);
    const { s, refunds } = service(paying(0), r);
    expect(de39(await s.authorize(request))).toBe('00');
    expect(recorded.map((c) => [c.status, c.em])).toEqual([['APPROVED', undefined]]);
    expect(refunds.request).not.toHaveBeenCalled();
  });

  it('the deadline passes while the approval is being written: the approval goes out when written, not a 91', async () => {
    const { r, recorded } = recorder(DEADLINE_MS * 2, true);
    const { s, refunds } = service(paying(DEADLINE_MS / 2), r);
    const started = Date.now();
    expect(de39(await s.authorize(request))).toBe('00');
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS * 2);
    expect(recorded.map((c) => c.status)).toEqual(['APPROVED']);
    expect(refunds.request).not.toHaveBeenCalled();
  });

  it('the deadline passes before the pipeline finishes: 91 at the deadline, then LATE_APPROVED with a refund', async () => {
    const { r, recorded } = recorder(0, true);
    const { s, refunds } = service(paying(DEADLINE_MS * 2), r);
    const started = Date.now();
    expect(de39(await s.authorize(request))).toBe('91');
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS * 2);
    await new Promise((res) => setTimeout(res, DEADLINE_MS * 2));
    // The late approval and its refund request in one transaction: a crash between them must not leave either alone.
    expect(recorded).toEqual([{ status: 'LATE_APPROVED', responseCode: '91', em: TX }]);
    expect(refunds.request).toHaveBeenCalledWith(TX, expect.any(String), 'LATE_APPROVAL');
  });

  it('the row was closed by the stale sweeper while the write waited: its 91 goes out, not the approval, and no second refund', async () => {
    const { r } = recorder(0, false);
    const { s, refunds } = service(paying(0), r);
    expect(de39(await s.authorize(request))).toBe('91');
    expect(refunds.request).not.toHaveBeenCalled();
  });

  it('the write fails but the row reads back answered (it committed, its reply was lost): that answer goes out, not a 96', async () => {
    const { r } = recorder(0, true, new Error('Connection terminated unexpectedly'), { responseCode: '00', approvalCode: 'A1B2C3' });
    const { s } = service(paying(0), r);
    const answer = toNamedFields(await s.authorize(request), DIALECT_1987_ASCII);
    expect([answer.responseCode, answer.approvalCode]).toEqual(['00', 'A1B2C3']);
  });

  it('the write fails and the row is still RECEIVED: closed with the 96 that goes out, a payment as a late approval with its refund', async () => {
    const { r, recorded } = recorder(0, true, new Error('Connection terminated unexpectedly'), null, true);
    const { s, refunds } = service(paying(0), r);
    expect(de39(await s.authorize(request))).toBe('96');
    // A lost write that runs later finds the row answered: what it says is what the network got.
    expect(recorded).toEqual([
      { status: 'APPROVED', responseCode: '00', em: undefined },
      { status: 'LATE_APPROVED', responseCode: '96', em: TX },
    ]);
    expect(refunds.request).toHaveBeenCalledWith(TX, expect.any(String), 'LATE_APPROVAL');
  });

  it('the write fails and so does closing the row: 96, the row left to the stale sweeper', async () => {
    const { r, recorded } = recorder(0, true, new Error('Connection terminated unexpectedly'), null, new Error('connect ECONNREFUSED'));
    const { s, refunds } = service(paying(0), r);
    expect(de39(await s.authorize(request))).toBe('96');
    expect(recorded.map((c) => c.status)).toEqual(['APPROVED', 'LATE_APPROVED']);
    expect(refunds.request).not.toHaveBeenCalled();
  });

  it('a retransmission while this process answers the original gets the original answer when it goes out, even past its own deadline', async () => {
    // The original's answer is written for 2.5 deadlines: the retransmission, alone, would poll the row until
    // its deadline and answer 91 while the original then answers 00.
    const { r } = recorder(DEADLINE_MS * 2.5, true);
    let calls = 0;
    (r as unknown as { begin: () => Promise<unknown> }).begin = async () =>
      calls++ === 0 ? undefined : { requestHash: requestHash(request), responseFields: null };
    const { s } = service(paying(DEADLINE_MS / 2), r);
    const original = s.authorize(request);
    await new Promise((res) => setTimeout(res, DEADLINE_MS * 0.6));
    const [first, retransmitted] = await Promise.all([original, s.authorize(request)]);
    const fields = (m: IsoMessage) => {
      const f = toNamedFields(m, DIALECT_1987_ASCII);
      return [f.responseCode, f.approvalCode];
    };
    expect(fields(first)[0]).toBe('00');
    expect(fields(retransmitted)).toEqual(fields(first));
  });
});

describe('AuthorizationService: a retransmission whose original another process is answering', () => {
  /** begin finds the original's row unanswered; reads find `later` once `closes` returned (null: never answered). */
  function elsewhere(closes: boolean, later: Record<string, string> | null) {
    const closed: { id: string; status: string; responseCode: string }[] = [];
    let answered: Record<string, string> | null = null;
    const r = {
      begin: async () => ({ id: 'original-id', requestHash: requestHash(request), responseFields: null }),
      load: async () => ({ id: 'original-id', requestHash: requestHash(request), responseFields: answered }),
      closeUnanswered: async (id: string, c: Completion) => {
        closed.push({ id, status: c.status, responseCode: c.responseCode });
        answered = closes ? c.responseFields : later;
        return closes;
      },
    } as unknown as AuthorizationRecorder;
    return { r, closed };
  }

  it('unanswered at its deadline: the original is closed with the 91 that goes out (so its process sends 91 too, paying nothing)', async () => {
    const { r, closed } = elsewhere(true, null);
    const { s } = service(paying(0), r);
    const started = Date.now();
    expect(de39(await s.authorize(request))).toBe('91');
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 25);
    expect(closed).toEqual([{ id: 'original-id', status: 'DECLINED', responseCode: '91' }]);
  });

  it("the original's answer lands just before the close: that answer goes out, not a 91", async () => {
    const { r, closed } = elsewhere(false, { responseCode: '00', approvalCode: 'A1B2C3' });
    const { s } = service(paying(0), r);
    const answer = toNamedFields(await s.authorize(request), DIALECT_1987_ASCII);
    expect([answer.responseCode, answer.approvalCode]).toEqual(['00', 'A1B2C3']);
    expect(closed).toHaveLength(1);
  });
});

describe('AuthorizationService: the exchange asked ahead', () => {
  it('for an original, not for a repeat (0101) nor a retransmission of an original still being answered here', async () => {
    const pipeline = paying(DEADLINE_MS / 4);
    const { r } = recorder(0, true);
    const { s } = service(pipeline, r);
    const prefetched = (pipeline as unknown as { prefetched: string[] }).prefetched;
    const original = s.authorize(request);
    await new Promise((res) => setTimeout(res, DEADLINE_MS / 10)); // the original's row claimed, its pipeline running
    const retransmission = s.authorize(request); // same network key
    await Promise.all([original, retransmission]);
    expect(prefetched).toEqual(['0100']);
    await s.authorize({ ...request, mti: '0101' });
    expect(prefetched).toEqual(['0100']);
  });
});

// The engine against real servers: verdicts it must give, including the failures that prove
// the judge can say no, and the clean-up that must leave nothing behind.
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sdkClient } from './support/sdk.ts';
import { caseFromYaml, realTargets, verdictOn } from './support/cases.ts';
import { startFaultProxy, type FaultProxy, type ProxiedRequest, type ProxiedResponse } from './support/fault-proxy.ts';

const rangeCase = (status: number, contentRange: string, body: string) =>
  caseFromYaml(`
- id: selftest.range
  title: a range that every server here serves correctly
  refs: [RFC 9110 section 14.1.2]
  given:
    - { op: PutObject, key: letters, body: abcdefghijklmnopqrstuvwxyz }
  when: { op: GetObject, key: letters, headers: { Range: bytes=2-4 } }
  then:
    status: ${status}
    headers: { Content-Range: "${contentRange}" }
    body: ${body}
`);

for (const { name, target, unavailable } of realTargets()) {
  describe.skipIf(target === null)(`engine against ${name}${unavailable ? ` (not started: ${unavailable})` : ''}`, () => {
    test('a true expectation passes', async () => {
      const verdict = await verdictOn(target!, rangeCase(206, 'bytes 2-4/26', 'cde'));
      expect(verdict.outcome, verdict.reason).toBe('pass');
    });

    test('a wrong status, header and body each fail, with expected and observed', async () => {
      const verdict = await verdictOn(target!, rangeCase(200, 'bytes 2-5/26', 'cdef'));
      expect(verdict.outcome).toBe('fail');
      expect(verdict.mismatches).toEqual([
        { what: 'status', expected: '200', observed: '206' },
        { what: 'header Content-Range', expected: 'bytes 2-5/26', observed: 'bytes 2-4/26' },
        { what: 'body', expected: expect.stringContaining('cdef'), observed: expect.stringContaining('cde') },
      ]);
    });

    test('a wrong error code fails', async () => {
      const verdict = await verdictOn(
        target!,
        caseFromYaml(`
- id: selftest.nosuchkey
  title: a missing key fails a case that expects another error code
  refs: [https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html]
  when: { op: GetObject, key: missing }
  then: { status: 404, error: NoSuchBucket }
`),
      );
      expect(verdict.mismatches).toEqual([{ what: 'error', expected: 'NoSuchBucket', observed: 'NoSuchKey' }]);
    });

    test('a case needing what the target lacks is skipped with the reason', async () => {
      const verdict = await verdictOn(
        target!,
        caseFromYaml(`
- id: selftest.needs-second-account
  title: needs a second account
  refs: [nowhere]
  requires: [second-account]
  when: { op: HeadBucket }
  then: { status: 200 }
`),
      );
      expect(verdict).toEqual({ outcome: 'skip', reason: `target "${target!.name}" lacks second-account` });
    });

    test('a set-up step the server refuses makes the verdict error, not fail', async () => {
      const verdict = await verdictOn(
        target!,
        caseFromYaml(`
- id: selftest.setup-refused
  title: a given step that cannot succeed
  refs: [nowhere]
  given:
    - { op: GetObject, key: never-written }
  when: { op: HeadBucket }
  then: { status: 200 }
`),
      );
      expect(verdict.outcome).toBe('error');
      expect(verdict.reason).toMatch(/given step 1 \(GetObject\) got 404/);
    });

    test('everything a case made is removed afterwards', async () => {
      const prefix = `s3c-clean${Date.now().toString(36)}`;
      const verdict = await verdictOn(target!, rangeCase(206, 'bytes 2-4/26', 'cde'), prefix);
      // A case that never got as far as making its bucket would leave nothing either.
      expect(verdict.outcome, verdict.reason).toBe('pass');
      const client = sdkClient(target!);
      const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
      client.destroy();
      expect(Buckets.filter((b) => b.Name?.startsWith(prefix))).toEqual([]);
    });

    test('an endpoint that stops answering gives error verdicts, never pass', async () => {
      const dead = { ...target!, endpoint: 'http://127.0.0.1:9' };
      const verdict = await verdictOn(dead, rangeCase(206, 'bytes 2-4/26', 'cde'));
      expect(verdict.outcome).toBe('error');
    });

    describe('a server error is an answer: the judged request fails on it, set-up steps error', () => {
      let proxy: FaultProxy;
      beforeAll(async () => {
        proxy = await startFaultProxy(target!);
      });
      afterAll(() => proxy.close());
      const secret = target!.credentials.secretAccessKey;
      // The body quotes the secret key, as a misconfigured server's error page might.
      const serverError = (response: ProxiedResponse): ProxiedResponse => ({
        status: 500,
        headers: { ...response.headers, 'content-type': 'application/xml' },
        body: Buffer.from(`<?xml version="1.0"?><Error><Code>InternalError</Code><Message>signing with ${secret} broke</Message></Error>`),
      });
      const answering = (matches: (request: ProxiedRequest) => boolean, action: 'error' | 'reset') =>
        proxy.setFault((request, response) =>
          !matches(request)
            ? { kind: 'respond', response }
            : action === 'reset'
              ? { kind: 'reset' }
              : { kind: 'respond', response: serverError(response) },
        );
      const rangedGet = (request: ProxiedRequest) => request.method === 'GET' && 'range' in request.headers;
      const putOfLetters = (request: ProxiedRequest) => request.method === 'PUT' && /\/letters$/.test(request.url);

      test('a 500 to the judged request fails on its status, quoting the body with the secret redacted', async () => {
        answering(rangedGet, 'error');
        const verdict = await verdictOn(proxy.target, rangeCase(206, 'bytes 2-4/26', 'cde'));
        expect(verdict.outcome, verdict.reason).toBe('fail');
        expect(verdict.mismatches?.[0]).toEqual({ what: 'status', expected: '206', observed: '500' });
        expect(verdict.reason).toMatch(
          /^status: expected 206, observed 500; the server answered "<\?xml.*<Code>InternalError<\/Code><Message>signing with \[redacted [a-z ]+\] broke/,
        );
        expect(JSON.stringify(verdict).includes(secret), 'the verdict holds the secret key').toBe(false);
      });

      test('no response to the judged request (connection reset) is an error', async () => {
        answering(rangedGet, 'reset');
        const verdict = await verdictOn(proxy.target, rangeCase(206, 'bytes 2-4/26', 'cde'));
        expect(verdict.outcome).toBe('error');
        expect(verdict.mismatches).toBeUndefined();
      });

      test('a 500 to a set-up step is an error: the case could not be set up', async () => {
        answering(putOfLetters, 'error');
        const verdict = await verdictOn(proxy.target, rangeCase(206, 'bytes 2-4/26', 'cde'));
        expect(verdict.outcome).toBe('error');
        expect(verdict.reason).toMatch(/^given step 1 \(PutObject\) got 500 InternalError/);
        expect(verdict.reason!.includes(secret), 'the reason holds the secret key').toBe(false);
      });
    });
  });
}

import { ConfigError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { bodyLimit, MAX_JSON_BODY_BYTES, readJsonBody } from './body.ts';
import { errorCode, httpHarness } from './test-support/harness.ts';

const encoder = new TextEncoder();

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function* iterableOf(...chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

const json = 'application/json';

describe('readJsonBody', () => {
  it('parses JSON from a web stream or a Node-style async iterable, across chunks', async () => {
    const parts = [encoder.encode('{"email":"a@'), encoder.encode('example.com"}')];
    for (const stream of [streamOf(...parts), iterableOf(...parts)]) {
      expect(await readJsonBody({ contentType: json, contentLength: null, stream })).toEqual({
        ok: true,
        body: { email: 'a@example.com' },
      });
    }
    const suffixed = await readJsonBody({
      contentType: 'application/merge-patch+json; charset=utf-8',
      contentLength: null,
      stream: iterableOf(encoder.encode('[1]')),
    });
    expect(suffixed).toEqual({ ok: true, body: [1] });
  });

  it('treats a missing or empty body as undefined', async () => {
    expect(await readJsonBody({ contentType: null, contentLength: null, stream: null })).toEqual({
      ok: true,
      body: undefined,
    });
    expect(
      await readJsonBody({ contentType: 'text/plain', contentLength: '0', stream: iterableOf() }),
    ).toEqual({ ok: true, body: undefined });
  });

  it('refuses a declared or actual size over the limit with 413, without reading the rest', async () => {
    const declared = await readJsonBody(
      { contentType: json, contentLength: '1048576', stream: iterableOf() },
      1024,
    );
    expect(
      declared.ok
        ? null
        : [declared.response.status, errorCode(declared.response), declared.complete],
    ).toEqual([413, 'payload_too_large', false]);

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const streamed = await readJsonBody(
      { contentType: json, contentLength: null, stream: endless },
      1024,
    );
    expect(streamed.ok ? null : streamed.response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it('refuses a limit that is not a non-negative integer instead of reading without a cap', async () => {
    // NaN (an unset environment variable through Number()) compares false with every size.
    for (const limit of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5]) {
      expect(() => bodyLimit(limit), String(limit)).toThrow(ConfigError);
      await expect(
        readJsonBody(
          { contentType: json, contentLength: null, stream: iterableOf(new Uint8Array(2048)) },
          limit,
        ),
        String(limit),
      ).rejects.toThrow(ConfigError);
    }
    expect(bodyLimit(undefined)).toBe(MAX_JSON_BODY_BYTES);
    expect(bodyLimit(0)).toBe(0);
    expect(bodyLimit(1024)).toBe(1024);
  });

  it('refuses non-JSON media types with 415 (no cross-site simple requests)', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      null,
      'application/jsonx',
    ]) {
      const result = await readJsonBody({
        contentType,
        contentLength: null,
        stream: iterableOf(encoder.encode('{}')),
      });
      expect(
        result.ok ? null : [result.response.status, errorCode(result.response)],
        String(contentType),
      ).toEqual([415, 'unsupported_media_type']);
    }
  });

  it('refuses invalid JSON and invalid UTF-8 with 400 invalid_json', async () => {
    for (const bytes of [
      encoder.encode('{"a":'),
      encoder.encode("{'a':1}"),
      new Uint8Array([0x7b, 0xff, 0x7d]),
    ]) {
      const result = await readJsonBody({
        contentType: json,
        contentLength: null,
        stream: iterableOf(bytes),
      });
      expect(result.ok ? null : [result.response.status, errorCode(result.response)]).toEqual([
        400,
        'invalid_json',
      ]);
    }
  });
});

describe('bodies reaching the routes', () => {
  it('answers 400 invalid_input, never 500, for bodies that are not JSON objects', async () => {
    const h = httpHarness();
    for (const body of [undefined, null, [], ['email'], 'email=a@b.c', 42, true]) {
      for (const path of [
        '/sign-up',
        '/sign-in',
        '/verify-email',
        '/refresh',
        '/password/forgot',
        '/password/reset',
      ]) {
        const response = await h.send({ method: 'POST', path, body });
        expect([response.status, errorCode(response)], `${path} ${JSON.stringify(body)}`).toEqual([
          400,
          'invalid_input',
        ]);
      }
    }
    expect(h.errors).toEqual([]);
  });

  it('answers 400 for oversized and wrongly typed fields', async () => {
    const h = httpHarness();
    const huge = 'x'.repeat(1_000_000);
    for (const body of [
      { email: `${huge}@example.com`, password: 'fine password' },
      { email: 'a@example.com', password: huge },
      { email: { $ne: null }, password: 'fine password' },
      { email: ['a@example.com'], password: 'fine password' },
    ]) {
      const response = await h.send({ method: 'POST', path: '/sign-in', body });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body).length).toBeLessThan(500);
    }
  });

  it('reads only own properties: a __proto__ key neither pollutes nor supplies fields', async () => {
    const h = httpHarness();
    const user = await h.verifiedUser();
    const body = JSON.parse(
      `{"__proto__":{"email":"${user.email}","password":"${user.password}"}}`,
    ) as unknown;
    const response = await h.send({ method: 'POST', path: '/sign-in', body });
    expect(response.status).toBe(400);
    expect(({} as Record<string, unknown>).email).toBeUndefined();
  });
});

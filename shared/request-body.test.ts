import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBody } from './request-body.ts';

/** A response that records what was answered. */
function recorder() {
  const answered: Array<{ status: number; body: unknown }> = [];
  return { answered, res: { status: (status: number) => ({ json: (body: unknown) => answered.push({ status, body }) }) } };
}

const Chat = z.object({ userId: z.string().min(1), text: z.string() }).strict();

describe('parseBody', () => {
  it('returns the parsed body and answers nothing when it fits', () => {
    const { answered, res } = recorder();
    expect(parseBody(Chat, { userId: 'u1', text: 'hi' }, res)).toEqual({ userId: 'u1', text: 'hi' });
    expect(answered).toEqual([]);
  });

  it('answers 400 with the path and the problem of the first issue', () => {
    const { answered, res } = recorder();
    expect(parseBody(Chat, { userId: '', text: 'hi' }, res)).toBeUndefined();
    expect(answered).toEqual([{ status: 400, body: { error: 'bad_request', message: 'userId: String must contain at least 1 character(s)' } }]);
  });

  it('names the body itself when the problem is not in a field', () => {
    const { answered, res } = recorder();
    expect(parseBody(Chat, undefined, res)).toBeUndefined();
    expect(answered).toEqual([{ status: 400, body: { error: 'bad_request', message: 'body: Required' } }]);
  });
});

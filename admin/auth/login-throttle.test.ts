import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../../app/test-support.ts';
import { migrate, type Database } from '../../bot/index.ts';
import { LoginThrottle, type LoginClient } from './login-throttle.ts';

const implementations: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite (embedded)', open: freshPglite },
  { name: 'PostgreSQL server', open: freshPostgres },
];

describe.each(implementations)('LoginThrottle on $name', ({ open }) => {
  let env: { db: Database; cleanup(): Promise<void> };
  let n = 0;
  const email = () => `owner${++n}@example.test`;

  beforeAll(async () => {
    env = await open();
    await migrate(env.db);
  });
  afterAll(() => env.cleanup());

  /** Try a wrong password as `client` would: counted only when the throttle lets it through. */
  const wrong = async (throttle: LoginThrottle, client: LoginClient) => {
    const verdict = await throttle.check(client);
    if (verdict.allowed) await throttle.failed(client);
    return verdict;
  };

  it('lets the owner in from a browser they signed in from, however long an attacker keeps trying elsewhere', async () => {
    const throttle = new LoginThrottle({ db: env.db });
    const owner: LoginClient = { email: email(), ip: '198.51.100.7' };
    expect(await throttle.check(owner)).toEqual({ allowed: true, known: false });
    const device = await throttle.succeeded(owner);
    const attacker: LoginClient = { email: owner.email, ip: '203.0.113.66' };
    for (let i = 0; i < 5; i++) expect((await wrong(throttle, attacker)).allowed).toBe(true);
    // The attacker now waits, and keeps waiting however often it comes back.
    for (let i = 0; i < 10; i++) expect(await wrong(throttle, attacker)).toMatchObject({ allowed: false, retryAfterSeconds: expect.any(Number) });
    // The owner, from their device on another network, and from their usual IP, is not held.
    expect(await throttle.check({ email: owner.email, ip: '192.0.2.200', deviceToken: device })).toMatchObject({ allowed: true, known: true });
    expect(await throttle.check({ email: owner.email, ip: owner.ip })).toMatchObject({ allowed: true, known: true });
    // A browser that never signed in to this account waits while the email is under attack.
    expect((await throttle.check({ email: owner.email, ip: '192.0.2.201' })).allowed).toBe(false);
  });

  it('makes a client wait 1, then 2, then 4 minutes as its failures go on, and forgets them on success', async () => {
    const throttle = new LoginThrottle({ db: env.db, maxFailed: 3 });
    const client: LoginClient = { email: email(), ip: '198.51.100.8' };
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Count the failure even while waiting, as if the wait had passed.
      await throttle.failed(client);
      const after = await throttle.check(client);
      waits.push(after.allowed ? 0 : after.retryAfterSeconds);
    }
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    expect(waits[2]).toBeGreaterThan(50);
    expect(waits[2]).toBeLessThanOrEqual(60);
    expect(waits[3]).toBeGreaterThan(110);
    expect(waits[4]).toBeGreaterThan(230);
    await throttle.succeeded(client);
    expect(await throttle.check(client)).toEqual({ allowed: true, known: true });
  });

  it('holds an IP that sprays passwords over many emails, except for accounts that signed in from it', async () => {
    const throttle = new LoginThrottle({ db: env.db, maxFailedPerIp: 10 });
    const office = '198.51.100.9';
    const regular: LoginClient = { email: email(), ip: office };
    await throttle.succeeded(regular);
    for (let i = 0; i < 10; i++) expect((await wrong(throttle, { email: email(), ip: office })).allowed).toBe(true);
    expect((await throttle.check({ email: email(), ip: office })).allowed).toBe(false);
    expect((await throttle.check(regular)).allowed).toBe(true);
    expect((await throttle.check({ email: email(), ip: '198.51.100.10' })).allowed).toBe(true);
  });

  it('counts together across instances and restarts: the counters are in the database', async () => {
    const client: LoginClient = { email: email(), ip: '198.51.100.11' };
    for (let i = 0; i < 5; i++) await wrong(new LoginThrottle({ db: env.db }), client);
    expect((await new LoginThrottle({ db: env.db }).check(client)).allowed).toBe(false);
  });
});


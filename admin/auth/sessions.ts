import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../bot/index.ts';
import type { User } from './users.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface SessionUserRow { id: string; email: string; name: string; role: User['role']; disabled: boolean; created_at: Date | string; expires_at: Date | string }

/**
 * Sign-in sessions in SQL, so every instance behind a load balancer accepts them. Only the
 * SHA-256 of a token is stored: a leaked table cannot be replayed as cookies.
 */
export class SessionStore {
  constructor(
    private readonly db: Database,
    /** How long a session lasts from sign-in, in ms. */
    private readonly ttlMs: number,
    /** The clock (tests move it forward instead of waiting). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Start a session; the token goes in the cookie and nowhere else. */
  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + this.ttlMs);
    await this.db.query('insert into user_sessions (token_hash, user_id, expires_at) values ($1, $2, $3)', [hashToken(token), userId, expiresAt]);
    return { token, expiresAt };
  }

  /** The signed-in user for a token, or undefined when it is unknown, expired or the account disabled. */
  async lookup(token: string | undefined): Promise<{ user: User; expiresAt: Date } | undefined> {
    if (!token || token.length > 200) return undefined;
    const [r] = await this.db.query<SessionUserRow>(
      'select u.*, s.expires_at from user_sessions s join users u on u.id = s.user_id where s.token_hash = $1', [hashToken(token)]);
    if (!r) return undefined;
    const expiresAt = new Date(r.expires_at);
    if (expiresAt.getTime() <= this.now().getTime()) {
      await this.destroy(token);
      return undefined;
    }
    if (r.disabled) return undefined;
    return { user: { id: r.id, email: r.email, name: r.name, role: r.role, disabled: false, createdAt: new Date(r.created_at) }, expiresAt };
  }

  async destroy(token: string): Promise<void> {
    await this.db.query('delete from user_sessions where token_hash = $1', [hashToken(token)]);
  }

  /** End every session of a user (password change, account disabled). */
  async destroyAllFor(userId: string): Promise<void> {
    await this.db.query('delete from user_sessions where user_id = $1', [userId]);
  }

  /** Remove expired sessions (called now and then; lookups refuse them anyway). */
  async purgeExpired(): Promise<number> {
    const rows = await this.db.query('delete from user_sessions where expires_at <= $1 returning 1 as ok', [this.now()]);
    return rows.length;
  }
}

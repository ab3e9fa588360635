import { randomUUID } from 'node:crypto';
import type { Database } from '../../bot/index.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors/index.ts';
import { hashPassword, passwordProblem, verifyPassword, type PasswordHashOptions } from './passwords.ts';
import { can, isRole, type Permission, type Role } from './roles.ts';

/** A console account (agents, editors, analysts, admins). Never carries the password hash. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

interface UserRow { id: string; email: string; name: string; role: Role; password_hash: string; disabled: boolean; created_at: Date | string }

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, role: r.role, disabled: Boolean(r.disabled), createdAt: new Date(r.created_at) });

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Normalise an email address for lookups (accounts are unique case-insensitively). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Console accounts in SQL, passwords hashed with scrypt. Shared by the agent console and
 * (later) the knowledge editor: both ask `can(user.role, permission)`.
 */
export class UserStore {
  /** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
  private dummyHash?: Promise<string>;

  constructor(private readonly db: Database, private readonly hashOptions: PasswordHashOptions = {}) {}

  /**
   * Create an account.
   * @throws BadRequestError `weak_password`, `bad_email`, `bad_name`, `bad_role`; ConflictError `exists`.
   */
  async create(input: { email: string; name: string; role: Role; password: string }): Promise<User> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) throw new BadRequestError('bad_email', `"${input.email}" is not an email address`);
    const name = input.name.trim();
    if (!name || name.length > 100) throw new BadRequestError('bad_name', 'a name of 1 to 100 characters is required');
    if (!isRole(input.role)) throw new BadRequestError('bad_role', `unknown role "${String(input.role)}"`);
    const problem = passwordProblem(input.password);
    if (problem) throw new BadRequestError('weak_password', problem);
    const hash = await hashPassword(input.password, this.hashOptions);
    const rows = await this.db.query<UserRow>(
      'insert into users (id, email, name, role, password_hash) values ($1, $2, $3, $4, $5) on conflict (email) do nothing returning *',
      [randomUUID(), email, name, input.role, hash]);
    if (!rows[0]) throw new ConflictError('exists', `an account for ${email} already exists`);
    return toUser(rows[0]);
  }

  async byId(id: string): Promise<User | undefined> {
    const [r] = await this.db.query<UserRow>('select * from users where id = $1', [id]);
    return r && toUser(r);
  }

  async byEmail(email: string): Promise<User | undefined> {
    const [r] = await this.db.query<UserRow>('select * from users where email = $1', [normalizeEmail(email)]);
    return r && toUser(r);
  }

  /** Accounts, optionally only those whose role grants `permission` (e.g. who can take a transfer). */
  async list(options: { permission?: Permission; includeDisabled?: boolean } = {}): Promise<User[]> {
    const rows = await this.db.query<UserRow>('select * from users order by name, email');
    return rows.map(toUser).filter((u) => (options.includeDisabled || !u.disabled) && (!options.permission || can(u.role, options.permission)));
  }

  async count(): Promise<number> {
    const [r] = await this.db.query<{ n: number | string }>('select count(*) as n from users');
    return Number(r?.n ?? 0);
  }

  /** The account for this email and password, or undefined (wrong password, unknown, disabled). */
  async authenticate(email: string, password: string): Promise<User | undefined> {
    const [r] = await this.db.query<UserRow>('select * from users where email = $1', [normalizeEmail(email)]);
    if (!r) {
      this.dummyHash ??= hashPassword('not a real password', this.hashOptions);
      await verifyPassword(password, await this.dummyHash);
      return undefined;
    }
    const ok = await verifyPassword(password, r.password_hash);
    return ok && !r.disabled ? toUser(r) : undefined;
  }

  /** @throws BadRequestError `weak_password`, NotFoundError. */
  async setPassword(id: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new BadRequestError('weak_password', problem);
    const hash = await hashPassword(password, this.hashOptions);
    const rows = await this.db.query('update users set password_hash = $2, updated_at = now() where id = $1 returning 1 as ok', [id, hash]);
    if (!rows.length) throw new NotFoundError(`no user ${id}`);
  }

  /** Disable or re-enable an account. Disabling ends its sessions. */
  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const rows = await this.db.query('update users set disabled = $2, updated_at = now() where id = $1 returning 1 as ok', [id, disabled]);
    if (!rows.length) throw new NotFoundError(`no user ${id}`);
    if (disabled) await this.db.query('delete from user_sessions where user_id = $1', [id]);
  }
}

/**
 * A server that cannot start for a reason its operator can fix (its data folder is in use, its
 * port is taken): `npm start` prints the message alone, without a stack, and exits with 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

import { createServer, type Server } from 'node:net';
import { StartupError } from './startup-error.ts';

/** The reason a server cannot listen, for its operator; the error itself when it is no such reason. */
function cannotListen(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new StartupError(`port ${port} on ${host} is already in use (another program, or this server already running): stop it, or set PORT to a free port.`);
  if (code === 'EACCES') return new StartupError(`port ${port} on ${host} needs privileges this process lacks: set PORT to 1024 or above.`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`${host} is no address of this machine: set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0.`);
  return err;
}

/**
 * Fails with a StartupError when the port cannot be listened on, before a server spends seconds
 * opening its database and publishing its knowledge base only to find it taken. Port 0 (any free
 * one) always can. Another program may still take the port meanwhile: `listen` says so too.
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, host, port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** `server.listen`, failing with a StartupError an operator can act on. */
export function listen(server: Pick<Server, 'once' | 'listen' | 'off'>, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: Error) => reject(cannotListen(err, host, port));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

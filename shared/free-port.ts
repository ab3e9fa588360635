import { createServer, type AddressInfo } from 'node:net';

/**
 * A port nothing listens on, from the operating system, for a server started in another process
 * (tests, benchmarks). A fixed port or range collides with whatever else runs on the machine,
 * including the ephemeral ports of outgoing connections.
 *
 * @example
 * const port = await freePort();
 * spawn('redis-server', ['--port', String(port)]);
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

import type { Server } from 'node:http';

/** The port is taken: said in one line by the entry points, not as a stack trace. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** Listens on `host:port`; a taken port is a PortInUseError naming the setting that chose it. */
export function listen(server: Server, host: string, port: number, setting: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`port ${port} on ${host} is already in use: stop the other process or set ${setting}`) : error);
    });
    server.listen(port, host, () => resolve());
  });
}

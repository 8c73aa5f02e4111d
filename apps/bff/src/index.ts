import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createBff, type Bff, type BffDeps } from './app.js';
import { parseConfig, type BffConfigInput } from './config.js';

export { createBff, type Bff, type BffDeps } from './app.js';
export { parseConfig, ConfigError, type BffConfig, type BffConfigInput } from './config.js';
export { configFromArgs, helpText } from './cli.js';

const shutdownGraceMs = 2_000;

export interface RunningBff {
  url: string;
  port: number;
  bff: Bff;
  close(): Promise<void>;
}

/** Validates the config, builds the BFF and listens; `url` is where it answers. */
export async function startBff(input: BffConfigInput, deps: BffDeps = {}): Promise<RunningBff> {
  const config = parseConfig(input);
  const bff = await createBff(config, deps);
  const server: Server = config.tls
    ? createHttpsServer(
        { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
        bff.app,
      )
    : createHttpServer(bff.app);
  server.maxHeadersCount = 100;
  server.headersTimeout = 30_000;
  // Bounds receiving a request (slow clients), not answering it: watches stream for as long as they like.
  server.requestTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await bff.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  bff.setListenOrigin(url);
  return {
    url,
    port,
    bff,
    async close() {
      // Stop accepting, let answers in flight finish briefly, then cut what remains (watches).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      await closed;
      clearTimeout(grace);
      await bff.close();
    },
  };
}

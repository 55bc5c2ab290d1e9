import { connect } from 'node:net';

/**
 * A TCP connect to the server's host and port. A refused connection answers in well under a
 * millisecond, so `tract log` knows at once that it must queue, without loading the HTTP client
 * (undici costs ~20 ms of start-up on the offline path).
 */
export async function probeTcp(url: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const finish = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

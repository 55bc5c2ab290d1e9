/**
 * Server-sent events for the status page: one poller per hub renders the current snapshot every
 * `intervalMs` while at least one browser listens, and sends it to every stream only when it changed
 * (so an idle controller sends nothing but heartbeats). The poller never keeps the process alive, and
 * streams end once the HTTP server stops listening, so a graceful shutdown is not held up by open pages.
 */
import type { Server } from 'node:net';
import type { Request, Response } from 'express';

export interface SseHubOptions {
  /** The data of the next `status` event (one line of HTML or JSON). */
  render(): Promise<string> | string;
  intervalMs?: number;
  heartbeatMs?: number;
  /** Browsers reconnect after this long when a stream ends. */
  retryMs?: number;
}

interface Stream {
  res: Response;
  server: Server | undefined;
}

export class SseHub {
  readonly #options: Required<SseHubOptions>;
  readonly #streams = new Set<Stream>();
  #timer: NodeJS.Timeout | undefined;
  #last = '';
  #lastBeatMs = 0;
  #ticking = false;

  constructor(options: SseHubOptions) {
    this.#options = { intervalMs: 500, heartbeatMs: 15_000, retryMs: 1_000, ...options };
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Express handler of the event stream: sends the current snapshot at once, then changes. */
  readonly handle = async (req: Request, res: Response): Promise<void> => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const stream: Stream = { res, server: (req.socket as unknown as { server?: Server }).server };
    if (stream.server && !stream.server.listening) return endForGood(res);
    this.#streams.add(stream);
    req.on('close', () => this.#remove(stream));
    res.write(`retry: ${this.#options.retryMs}\n\n`);
    const data = await this.#options.render();
    this.#last = data;
    send(res, data);
    this.#timer ??= setInterval(() => void this.#tick(), this.#options.intervalMs).unref();
  };

  /** Ends every stream (browsers reconnect). */
  closeAll(): void {
    for (const stream of [...this.#streams]) {
      stream.res.end();
      this.#remove(stream);
    }
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      for (const stream of [...this.#streams]) {
        if (stream.server && !stream.server.listening) {
          endForGood(stream.res);
          this.#remove(stream);
        }
      }
      if (this.#streams.size === 0) return;
      const data = await this.#options.render();
      const nowMs = performance.now();
      if (data !== this.#last) {
        this.#last = data;
        for (const { res } of this.#streams) send(res, data);
        this.#lastBeatMs = nowMs;
      } else if (nowMs - this.#lastBeatMs >= this.#options.heartbeatMs) {
        for (const { res } of this.#streams) res.write(': heartbeat\n\n');
        this.#lastBeatMs = nowMs;
      }
    } finally {
      this.#ticking = false;
    }
  }

  #remove(stream: Stream): void {
    this.#streams.delete(stream);
    if (this.#streams.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}

/** Ends the stream and its connection: a browser would otherwise reconnect over the same kept-alive socket. */
function endForGood(res: Response): void {
  res.end(() => res.socket?.destroy());
}

function send(res: Response, data: string): void {
  res.write(`event: status\n${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`);
}

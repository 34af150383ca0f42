import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A slow uplink in front of the server: a TCP relay on a free loopback port that passes what the
 * browser sends at `bytesPerSecond` (what comes back is not slowed). Chromium's DevTools throttling
 * slows upload progress events but lets a request body reach a loopback server at full speed, so a
 * cut would never catch an upload half-way; through this relay it does. DevTools' offline mode does
 * not end a request whose body is on its way either: [`SlowLink.setDown`] drops the connections
 * (bytes still queued here are lost, as on a real network).
 */
export class SlowLink {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly state: { down: boolean },
    /** `http://127.0.0.1:PORT`: the same app, reached through the slow link. */
    readonly url: string,
  ) {}

  static async start(target: string, bytesPerSecond: number): Promise<SlowLink> {
    const { hostname, port } = new URL(target);
    const sockets = new Set<Socket>();
    const state = { down: false };
    const server = createServer((browser) => {
      if (state.down) {
        browser.destroy();
        return;
      }
      const upstream = connect(Number(port), hostname);
      sockets.add(browser).add(upstream);
      const queue: Buffer[] = [];
      let queued = 0;
      const tickMs = 20;
      const perTick = Math.max(1, Math.floor((bytesPerSecond * tickMs) / 1000));
      const timer = setInterval(() => {
        let budget = perTick;
        while (budget > 0 && queue.length > 0) {
          const head = queue[0];
          const part = head.subarray(0, budget);
          upstream.write(part);
          budget -= part.length;
          queued -= part.length;
          if (part.length === head.length) queue.shift();
          else queue[0] = head.subarray(part.length);
        }
        if (queued < 64 * 1024 && browser.isPaused()) browser.resume();
      }, tickMs);
      browser.on('data', (chunk: Buffer) => {
        queue.push(chunk);
        queued += chunk.length;
        if (queued >= 64 * 1024) browser.pause();
      });
      upstream.pipe(browser);
      const end = () => {
        clearInterval(timer);
        browser.destroy();
        upstream.destroy();
        sockets.delete(browser);
        sockets.delete(upstream);
      };
      browser.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the slow link has no port');
    return new SlowLink(server, sockets, state, `http://127.0.0.1:${address.port}`);
  }

  /**
   * Cuts the line (`down`): every open connection is dropped at once, whatever it was sending,
   * and new ones are refused until the line is back.
   */
  setDown(down: boolean): void {
    this.state.down = down;
    if (down) for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

import { once } from "node:events";
import { createServer } from "node:net";

/**
 * A TCP port that was free a moment ago on 127.0.0.1 (for processes that cannot take port 0).
 *
 * @example const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/**
 * The start of `size` (≤ 25) consecutive ports that are free now, from a random block in
 * 24000–32749 (for SSH port ranges of daemons that run side by side); never a block that
 * starts at one of `avoid`. The blocks lie below Linux's ephemeral range (32768–60999), as the
 * provider's own defaults do, so no outgoing connection of the machine takes one of them.
 */
export async function freePortRange(size: number, avoid: number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = 24_000 + Math.floor(Math.random() * 350) * 25;
    if (avoid.includes(start)) continue;
    const checks = await Promise.all(
      Array.from({ length: size }, async (_, i) => {
        const server = createServer();
        const ok = await new Promise<boolean>((resolve) => {
          server.once("error", () => resolve(false));
          server.listen(start + i, "127.0.0.1", () => resolve(true));
        });
        if (ok) {
          server.close();
          await once(server, "close");
        }
        return ok;
      }),
    );
    if (checks.every(Boolean)) return start;
  }
  throw new Error(`no ${size} consecutive free ports found`);
}

/**
 * Whether `port` on 127.0.0.1 can be bound now.
 *
 * @example const port = (await isPortFree(3000)) ? 3000 : await freePort();
 */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (ok) {
    server.close();
    await once(server, "close");
  }
  return ok;
}

import { connect } from "node:net";

/** Longest SSH banner prefix reported, characters. */
export const MAX_BANNER_CHARS = 64;

/** Parameters of {@link probeTcp}. */
export type ProbeTcpParameters = {
  host: string;
  port: number;
  /** Give up connecting after this many ms. Default 3000. */
  timeoutMs?: number | undefined;
  /** Wait this long for a first line (an SSH server speaks first), ms. 0 = do not read. Default 0. */
  bannerTimeoutMs?: number | undefined;
};

/** Result of {@link probeTcp}. */
export type ProbeTcpReturnType = {
  /** The TCP connection was accepted. */
  open: boolean;
  /** First line the server sent (up to {@link MAX_BANNER_CHARS}), when asked for and sent in time. */
  banner?: string;
};

/**
 * Opens a TCP connection to `host:port`, optionally reads the first line, and closes. Never throws.
 *
 * @example
 * const { open, banner } = await probeTcp({ host: "203.0.113.7", port: 50800, bannerTimeoutMs: 2000 });
 */
export function probeTcp(parameters: ProbeTcpParameters): Promise<ProbeTcpReturnType> {
  const timeoutMs = parameters.timeoutMs ?? 3000;
  const bannerTimeoutMs = parameters.bannerTimeoutMs ?? 0;
  return new Promise((resolve) => {
    let open = false;
    let text = "";
    let settled = false;
    const socket = connect({ host: parameters.host, port: parameters.port });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const line = text.split(/\r?\n/)[0]?.slice(0, MAX_BANNER_CHARS);
      resolve(line ? { open, banner: line } : { open });
    };
    let timer = setTimeout(finish, timeoutMs);
    socket.setEncoding("latin1");
    socket.on("connect", () => {
      open = true;
      if (bannerTimeoutMs <= 0) return finish();
      clearTimeout(timer);
      timer = setTimeout(finish, bannerTimeoutMs);
    });
    socket.on("data", (chunk: string) => {
      text += chunk;
      if (text.includes("\n") || text.length >= MAX_BANNER_CHARS) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
  });
}

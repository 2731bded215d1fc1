import { chmod, mkdir } from "node:fs/promises";

/**
 * Creates the requestor's state folder (mode 0700) if needed and returns its path.
 *
 * @example
 * await ensureHome(config.home);
 */
export async function ensureHome(home: string): Promise<string> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and ignored for an existing folder.
  await chmod(home, 0o700);
  return home;
}

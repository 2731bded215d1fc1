import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { jsonOf, runGolem } from "./run-golem.ts";

let home: string;
let env: Record<string, string>;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "golem-version-"));
  // `golem version` asks a registry for the latest release: point it at a closed loopback port.
  env = {
    GOLEM_REQUESTOR_HOME: home,
    GOLEM_REQUESTOR_VERSION_CHECK_REGISTRY_URL: "http://127.0.0.1:9",
  };
});
afterAll(() => rm(home, { recursive: true, force: true }));

it("golem --version and -V print the version golem version reports, as hcloud and multipass do", async () => {
  const { version } = JSON.parse(
    await readFile(new URL("../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  const report = jsonOf<{ requestor: string }>(await runGolem(["version", "--json"], env));
  expect(report.requestor).toBe(version);
  for (const flag of ["--version", "-V"]) {
    expect(await runGolem([flag], env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  }
});

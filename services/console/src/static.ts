import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Route } from "./http.ts";

/** The page's files, by URL path. A fixed list: nothing else of the disk is ever served. */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/console.css": { file: "console.css", type: "text/css; charset=utf-8" },
  "/console.js": { file: "console.js", type: "text/javascript; charset=utf-8" },
};

export const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "public");

/** Serves the page. Read per request: small files, and an edited page shows on reload. */
export function staticRoute(dir = PUBLIC_DIR): Route {
  return async (req, res, url) => {
    const f = FILES[url.pathname];
    if (!f || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const body = await readFile(join(dir, f.file));
    res.writeHead(200, {
      "content-type": f.type,
      "cache-control": "no-cache",
      // The page loads only its own files and talks only to its own API.
      "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}

// A minimal MCP client for the browser: JSON-RPC over streamable HTTP in the sessionless 2026-07-28 protocol.
//
// Each call is one self-contained POST to /mcp: the request's params carry the protocol envelope in `_meta`
// (protocol version, client capabilities, client info), and the headers repeat the version, the method and,
// for tools/call and resources/read, the name (the server checks they agree). The server answers with JSON,
// or with an SSE stream when the call emits notifications (progress) or runs long; both are handled here.

export const PROTOCOL_VERSION = "2026-07-28";
const CLIENT_INFO = { name: "coding-env-mcp-web", version: "1" };
const NAME_BEARING = { "tools/call": "name", "resources/read": "uri", "prompts/get": "name" };
// A call fails when the server sends nothing for this long. Not a limit on the call's length: a run_python
// reports progress every second and the server pings an SSE stream every 15 s, so a live call is never idle.
const IDLE_TIMEOUT_MS = 60_000;

/** The server refused the caller: no token, or the wrong one (HTTP 401). */
export class AuthError extends Error {}

/** The call never produced a result: HTTP refusal, JSON-RPC error, network failure or timeout. */
export class McpError extends Error {}

/** The tool ran and refused the input: `isError` result; the message says what was wrong. */
export class ToolError extends Error {}

// Header values must be printable ASCII without edge whitespace; anything else travels base64-wrapped, as
// the SDK's encode_header_value does (e.g. a file path with non-ASCII characters in a resource URI).
function encodeHeaderValue(value) {
  const safe = /^[\x20-\x7E]*$/.test(value) && value === value.trim() && !/^=\?base64\?.*\?=$/.test(value);
  if (safe) return value;
  const bytes = new TextEncoder().encode(value);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `=?base64?${btoa(binary)}?=`;
}

async function refusal(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body.detail === "string") return body.detail;
    if (body && body.error && typeof body.error.message === "string") return body.error.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim() || `HTTP ${response.status} ${response.statusText}`;
}

// Yields each SSE event's data (joined `data:` lines) as the stream arrives; comments (pings) are skipped.
// `alive()` is called on every chunk, pings included.
async function* sseData(response, alive) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    alive();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
    buffer = done ? "" : blocks.pop();
    for (const block of blocks) {
      const data = block
        .split(/\r\n|\n|\r/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5));
      if (data.length) yield data.join("\n");
    }
    if (done) return;
  }
}

export class McpClient {
  /**
   * @param {string} endpoint URL of the streamable HTTP endpoint (e.g. "mcp", relative to the page)
   * @param {() => string|null} token the bearer token to send, read at every call
   */
  constructor(endpoint, token) {
    this.endpoint = endpoint;
    this.token = token;
    this.nextId = 1;
  }

  /** Send one JSON-RPC request; resolves to its result. `onProgress(message)` receives progress notifications. */
  async request(method, params = {}, { onProgress } = {}) {
    const id = this.nextId++;
    const meta = {
      "io.modelcontextprotocol/protocolVersion": PROTOCOL_VERSION,
      "io.modelcontextprotocol/clientCapabilities": {},
      "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
    };
    if (onProgress) meta.progressToken = `web-${id}`;
    const headers = {
      Accept: "application/json, text/event-stream",
      "Content-Type": "application/json",
      "MCP-Protocol-Version": PROTOCOL_VERSION,
      "Mcp-Method": method,
    };
    const nameKey = NAME_BEARING[method];
    if (nameKey && typeof params[nameKey] === "string") headers["Mcp-Name"] = encodeHeaderValue(params[nameKey]);
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;

    const idle = new AbortController();
    let timer = null;
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), IDLE_TIMEOUT_MS);
    };
    alive();
    try {
      return await this.#exchange(method, id, headers, { ...params, _meta: meta }, idle.signal, alive, onProgress);
    } catch (error) {
      if (error instanceof AuthError || error instanceof McpError) throw error;
      const reason = idle.signal.aborted
        ? `the server sent nothing for ${IDLE_TIMEOUT_MS / 1000} s`
        : "could not reach the server";
      throw new McpError(`${method}: ${reason} (${error && error.message ? error.message : error})`);
    } finally {
      clearTimeout(timer);
    }
  }

  async #exchange(method, id, headers, params, signal, alive, onProgress) {
    const response = await fetch(this.endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
      signal,
      credentials: "omit",
      cache: "no-store",
    });
    alive();
    if (response.status === 401) throw new AuthError(await refusal(response));
    const type = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
    if (type === "text/event-stream" && response.ok) {
      for await (const data of sseData(response, alive)) {
        const message = JSON.parse(data);
        if (message.id === id) return this.#outcome(method, message);
        if (message.method === "notifications/progress" && onProgress) {
          onProgress(message.params.message || `progress ${message.params.progress}`);
        }
      }
      throw new McpError(`${method}: the response stream ended without a result`);
    }
    if (type === "application/json") {
      const text = await response.text();
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        throw new McpError(`${method}: the server answered malformed JSON (HTTP ${response.status})`);
      }
      if (message && message.jsonrpc === "2.0") return this.#outcome(method, message);
      // The app's own refusals: {"error": code, "detail": what was wrong}.
      if (response.status === 404 && message.error === "not_found") {
        throw new McpError(
          "this server does not serve MCP over streamable HTTP at /mcp; start it with --transport http " +
            "(or streamable-http) to play from this page",
        );
      }
      throw new McpError(`${method}: ${message.detail || text} (HTTP ${response.status})`);
    }
    throw new McpError(`${method}: ${await refusal(response)}`);
  }

  #outcome(method, message) {
    if (message.error) throw new McpError(`${method}: ${message.error.message}`);
    return message.result;
  }

  /** The tools the server offers, with their input schemas. */
  async listTools() {
    return (await this.request("tools/list")).tools;
  }

  /** Call a tool; resolves to its structured result, or throws ToolError with the tool's own message. */
  async callTool(name, args = {}, options = {}) {
    const result = await this.request("tools/call", { name, arguments: args }, options);
    const text = (result.content || [])
      .filter((item) => item.type === "text")
      .map((item) => item.text)
      .join("\n");
    if (result.isError) throw new ToolError(text.replace(/^Error executing tool \S+: /, ""));
    if (result.structuredContent === undefined) throw new McpError(`${name}: the result has no structured content`);
    return result.structuredContent;
  }

  /** Read a text resource (e.g. task://<task_id>/diff). */
  async readResource(uri) {
    const result = await this.request("resources/read", { uri });
    const item = (result.contents || [])[0];
    if (!item || typeof item.text !== "string") throw new McpError(`${uri}: not a text resource`);
    return item.text;
  }
}

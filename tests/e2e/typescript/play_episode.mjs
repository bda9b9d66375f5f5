// One coding_env_mcp episode played through the official MCP TypeScript SDK (@modelcontextprotocol/sdk 1.x),
// as a TypeScript user would: reset_episode → read a file resource → run_python → submit_review →
// finish_episode → get_grade. tests/e2e/test_typescript_sdk.py runs it with node and checks what it prints.
//
// usage: node play_episode.mjs '<spec as JSON>'
//   spec: {transport: "stdio", command, args, env} or {transport: "http", url, headers},
//         plus task_id, finding (submit_review's arguments), code (for run_python), timeout_ms (per request).
// Prints one JSON object to stdout; any failure goes to stderr with exit code 1 (2 when the whole run times out).

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const spec = JSON.parse(process.argv[2]);
const options = { timeout: spec.timeout_ms };

const watchdog = setTimeout(() => {
  console.error(`the episode did not finish within ${spec.overall_timeout_ms} ms`);
  process.exit(2);
}, spec.overall_timeout_ms);

function transportFor(spec) {
  if (spec.transport === "stdio") {
    // The SDK passes the server only a few safe variables (HOME, PATH, ...); the spec adds what the test needs.
    const env = { ...getDefaultEnvironment(), ...spec.env };
    const transport = new StdioClientTransport({ command: spec.command, args: spec.args, env, stderr: "inherit" });
    transport.setProtocolVersion = (version) => {
      transport.protocolVersion = version; // only the HTTP transport keeps the negotiated version itself
    };
    return transport;
  }
  if (spec.transport === "http") {
    return new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: spec.headers } });
  }
  throw new Error(`unknown transport ${spec.transport}`);
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, options);
  if (result.isError) {
    throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  }
  if (result.structuredContent === undefined) {
    throw new Error(`${name} returned no structured content: ${JSON.stringify(result)}`);
  }
  return result.structuredContent;
}

async function play() {
  const client = new Client({ name: "coding-env-mcp-typescript-e2e", version: "1.0.0" });
  const transport = transportFor(spec);
  await client.connect(transport, options);
  try {
    const tools = (await client.listTools(undefined, options)).tools.map((tool) => tool.name);
    const observation = await call(client, "reset_episode", { task_id: spec.task_id });
    const episode_id = observation.episode_id;
    const uri = `task://${spec.task_id}/files/${spec.finding.file_path}`;
    const resource = (await client.readResource({ uri }, options)).contents[0];
    const run = await call(client, "run_python", { episode_id, code: spec.code });
    const step = await call(client, "submit_review", { episode_id, ...spec.finding });
    const finished = await call(client, "finish_episode", { episode_id, verdict: "request_changes" });
    const grade = await call(client, "get_grade", { episode_id });
    return {
      protocol_version: transport.protocolVersion ?? null,
      server: client.getServerVersion(),
      tools,
      observation,
      resource: { uri: resource.uri, mimeType: resource.mimeType, text: resource.text },
      run,
      step,
      finished,
      grade,
    };
  } finally {
    await client.close();
  }
}

try {
  const outcome = await play();
  clearTimeout(watchdog);
  process.stdout.write(JSON.stringify(outcome) + "\n");
} catch (error) {
  clearTimeout(watchdog);
  console.error(error?.stack ?? String(error));
  process.exitCode = 1;
}

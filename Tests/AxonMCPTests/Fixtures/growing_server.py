"""A small MCP server (official Python `mcp` package) for axon's MCP tests.

Tools:
  echo {text}        -> text
  fail {}            -> an error result (isError)
  pid {}             -> this process's pid
  env {name}         -> the value of environment variable NAME, or "<unset>"
  sleep {seconds}    -> answers after SECONDS
  add_tool {name}    -> registers tool NAME at runtime (it answers "NAME says hi"), then sends
                        notifications/tools/list_changed before answering
Flags:
  --stubborn         ignore SIGTERM and stdin EOF (the pool must SIGKILL it)
  --grandchild       start a `sleep` child in the same process group (the group must die with the server)
  --fail-start       write a line to stderr and exit 3 before the handshake
  --slow-start       sleep 60 s before serving (a handshake that never comes in time)
"""

import os
import signal
import subprocess
import sys
import time

if "--fail-start" in sys.argv:
    print("growing_server: refusing to start (--fail-start)", file=sys.stderr, flush=True)
    sys.exit(3)

if "--slow-start" in sys.argv:
    time.sleep(60)

import anyio
from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.stdio import stdio_server

server = MCPServer("growing", version="1")


@server.tool(description="Echo the text back.")
def echo(text: str) -> str:
    return text


@server.tool(description="Always fails.")
def fail() -> str:
    raise ToolError("this tool always fails")


@server.tool(description="The server's pid.")
def pid() -> str:
    return str(os.getpid())


@server.tool(description="An environment variable of the server.")
def env(name: str) -> str:
    return os.environ.get(name, "<unset>")


@server.tool(description="Answer after SECONDS.")
async def sleep(seconds: float) -> str:
    await anyio.sleep(seconds)
    return "slept"


@server.tool(description="Add a tool named NAME at runtime and announce it with list_changed.")
async def add_tool(name: str, ctx: Context) -> str:
    def added() -> str:
        return f"{name} says hi"

    server.add_tool(added, name=name, description=f"Added at runtime: {name}.")
    await ctx.session.send_tool_list_changed()
    return f"added {name}"


async def main() -> None:
    lowlevel = server._lowlevel_server  # the public run_stdio_async() cannot announce tools.listChanged
    async with stdio_server() as (read_stream, write_stream):
        await lowlevel.run(
            read_stream,
            write_stream,
            lowlevel.create_initialization_options(NotificationOptions(tools_changed=True)),
        )


if __name__ == "__main__":
    if "--grandchild" in sys.argv:
        subprocess.Popen(["sleep", "300"])
    if "--stubborn" in sys.argv:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    anyio.run(main)
    if "--stubborn" in sys.argv:
        while True:
            time.sleep(1)

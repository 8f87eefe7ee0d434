"""The official Python `mcp` client calling a stdio MCP server N times: client CPU per call.

Usage: python_client.py N [COMMAND ARGS...]   (default server: python3 -m mcp_server_time)
Same protocol as `axon-bench mcp-call`: 20 warm-up calls of get_current_time {"timezone": "UTC"}, then N
measured; resource.getrusage(RUSAGE_SELF) counts only this process (the server is a separate child).
"""

import resource
import sys
import time

import anyio
from mcp import ClientSession, StdioServerParameters, stdio_client


def cpu_ms() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return (u.ru_utime + u.ru_stime) * 1000


async def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    command = sys.argv[2:] or [sys.executable, "-m", "mcp_server_time"]
    params = StdioServerParameters(command=command[0], args=command[1:])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for _ in range(20):
                await session.call_tool("get_current_time", {"timezone": "UTC"})
            wall = []
            start_cpu = cpu_ms()
            for _ in range(calls):
                t = time.perf_counter()
                await session.call_tool("get_current_time", {"timezone": "UTC"})
                wall.append((time.perf_counter() - t) * 1000)
            cpu = (cpu_ms() - start_cpu) / calls
    wall.sort()
    print(
        f"mcp-call python mcp client: {calls} calls, client CPU {cpu:.3f} ms/call; "
        f"wall p50 {wall[len(wall) // 2]:.3f} ms, p99 {wall[len(wall) * 99 // 100]:.3f} ms"
    )


anyio.run(main)

"""The OpenAI Agents SDK doing bench/model-roundtrip.sh's round trip: one agent, one function tool, streamed
Chat Completions against the local endpoint, tracing off. Prints client CPU per round trip."""
import asyncio
import os
import sys
import time

os.environ["OPENAI_AGENTS_DISABLE_TRACING"] = "1"
from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402

set_tracing_disabled(True)


@function_tool
def read_file(path: str) -> str:
    """Read a file."""
    return "# axon\nA runtime for fleets of agents."


async def main(base_url, trips, gap_ms, streamed=True):
    client = AsyncOpenAI(base_url=base_url, api_key="bench-key")
    agent = Agent(name="bench", instructions="Be brief.", tools=[read_file],
                  model=OpenAIChatCompletionsModel(model="gpt-4.1-mini", openai_client=client))

    async def round_trip():
        if not streamed:  # Runner.run: non-streamed Chat Completions calls
            assert (await Runner.run(agent, "What does README.md say?")).final_output
            return
        result = Runner.run_streamed(agent, "What does README.md say?")
        async for _ in result.stream_events():
            pass
        assert result.final_output

    for _ in range(5):
        await round_trip()
    cpu, wall = [], []
    for _ in range(trips):
        if gap_ms:
            await asyncio.sleep(gap_ms / 1000)
        c, w = time.process_time(), time.perf_counter()
        await round_trip()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    cpu.sort()
    wall.sort()
    mode = "streamed" if streamed else "non-streamed"
    print(f"agents-sdk model-roundtrip ({mode}): {trips} round trips, gap {gap_ms} ms: CPU mean {sum(cpu) / len(cpu):.3f} ms, "
          f"p50 {cpu[len(cpu) // 2]:.3f} ms; wall p50 {wall[len(wall) // 2]:.3f} ms")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200,
                     int(sys.argv[3]) if len(sys.argv) > 3 else 0,
                     streamed=not (len(sys.argv) > 4 and sys.argv[4] == "--no-stream")))

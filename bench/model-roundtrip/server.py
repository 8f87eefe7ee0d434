"""A tiny OpenAI-compatible Chat Completions endpoint for bench/model-roundtrip.sh.

Streams a tool call when the conversation does not end with a tool result, else a short answer; honours
`stream: false` too. HTTP/1.1 keep-alive, so both clients reuse one connection. Prints its port.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def chunk(delta, finish=None):
    return {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4.1-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


USAGE = {"prompt_tokens": 60, "completion_tokens": 12, "total_tokens": 72, "prompt_tokens_details": {"cached_tokens": 0}}


def stream(tool):
    if tool:
        events = [chunk({"role": "assistant", "content": None, "tool_calls": [
            {"index": 0, "id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": ""}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{\"path\": "}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "\"README.md\"}"}}]}),
            chunk({}, "tool_calls")]
    else:
        events = [chunk({"role": "assistant", "content": ""})]
        events += [chunk({"content": w}) for w in ["README ", "describes ", "axon, ", "a runtime ", "for agents."]]
        events.append(chunk({}, "stop"))
    events.append({"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4.1-mini",
                   "choices": [], "usage": USAGE})
    return "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"


def whole(tool):
    message = {"role": "assistant", "content": None if tool else "README describes axon, a runtime for agents."}
    if tool:
        message["tool_calls"] = [{"id": "call_1", "type": "function",
                                  "function": {"name": "read_file", "arguments": "{\"path\": \"README.md\"}"}}]
    return json.dumps({"id": "chatcmpl-bench", "object": "chat.completion", "created": 1, "model": "gpt-4.1-mini",
                       "choices": [{"index": 0, "message": message,
                                    "finish_reason": "tool_calls" if tool else "stop"}], "usage": USAGE})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: avoid the delayed-ACK stall

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        messages = body.get("messages", [])
        tool = not messages or messages[-1].get("role") != "tool"
        if body.get("stream"):
            payload, kind = stream(tool).encode(), "text/event-stream"
        else:
            payload, kind = whole(tool).encode(), "application/json"
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()

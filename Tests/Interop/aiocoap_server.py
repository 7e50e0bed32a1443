#!/usr/bin/env python3
"""Small aiocoap (0.4.17) server used by the Swift interop tests.

Usage: aiocoap_server.py --port P --blob FILE

Binds UDP 127.0.0.1:P (P may be 0: a free port is picked) and serves
  /hello                GET  -> "hello from aiocoap" (content-format 0)
  /blob                 GET  -> the bytes of FILE (content-format 42,
                                Block2 handled by aiocoap)
  /upload               PUT, POST -> 2.04 with the lowercase hex sha256 of
                                the (Block1-reassembled) request body
  /.well-known/core     GET  -> link-format listing

Prints "ready <port>" on stdout once listening and runs until SIGTERM or
SIGINT, on which it shuts down cleanly and exits 0.
"""

import argparse
import asyncio
import hashlib
import signal
import socket
import sys

import aiocoap
import aiocoap.resource as resource

BIND_HOST = "127.0.0.1"
TEXT_PLAIN = 0
OCTET_STREAM = 42


class Hello(resource.Resource):
    async def render_get(self, request):
        return aiocoap.Message(
            code=aiocoap.CONTENT,
            payload=b"hello from aiocoap",
            content_format=TEXT_PLAIN,
        )


class Blob(resource.Resource):
    def __init__(self, data):
        super().__init__()
        self.data = data

    async def render_get(self, request):
        return aiocoap.Message(
            code=aiocoap.CONTENT, payload=self.data, content_format=OCTET_STREAM
        )


class Upload(resource.Resource):
    def _digest(self, request):
        digest = hashlib.sha256(request.payload).hexdigest()
        return aiocoap.Message(
            code=aiocoap.CHANGED, payload=digest.encode("ascii"), content_format=TEXT_PLAIN
        )

    async def render_put(self, request):
        return self._digest(request)

    async def render_post(self, request):
        return self._digest(request)


def pick_free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((BIND_HOST, 0))
        return s.getsockname()[1]


async def serve(port, blob):
    site = resource.Site()
    site.add_resource([".well-known", "core"], resource.WKCResource(site.get_resources_as_linkheader))
    site.add_resource(["hello"], Hello())
    site.add_resource(["blob"], Blob(blob))
    site.add_resource(["upload"], Upload())

    ctx = await aiocoap.Context.create_server_context(
        site, bind=(BIND_HOST, port), transports=["udp6"]
    )

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    sys.stdout.write(f"ready {port}\n")
    sys.stdout.flush()

    await stop.wait()
    try:
        await asyncio.wait_for(ctx.shutdown(), 5)
    except Exception:
        pass


def main(argv=None):
    # A parent that started us from a thread with signals blocked (as Swift's Foundation.Process
    # does from a dispatch worker) passes the mask on: unblock what we handle.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser(description="aiocoap interop server")
    parser.add_argument("--port", type=int, required=True, help="UDP port on 127.0.0.1 (0: pick one)")
    parser.add_argument("--blob", required=True, help="file served at /blob")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    with open(args.blob, "rb") as f:
        blob = f.read()

    port = args.port if args.port != 0 else pick_free_udp_port()
    asyncio.run(serve(port, blob))
    return 0


if __name__ == "__main__":
    sys.exit(main())

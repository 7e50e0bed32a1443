#!/usr/bin/env python3
"""Small aiocoap (0.4.17) client CLI used by the Swift interop tests.

Subcommands:
  get URI [--out FILE]       GET (block-wise handled by aiocoap); prints
                             "code=X.YY", then the payload (utf-8) unless
                             --out is given, in which case the raw payload
                             bytes are written to FILE.
  put URI --in FILE          PUT the file's bytes (content-format 42,
                             Block1 handled by aiocoap); prints "code=X.YY"
                             and the response payload as utf-8.
  post URI --in FILE         Same as put, with POST.
  observe URI --count N      Registers an observation and prints
                             "notification=<payload>" for the first response
                             and each notification until N lines were
                             printed, then cancels the observation.

Exit status: 0 when a response arrived (any code; for observe: N lines
printed), 2 on transport errors or when the overall timeout (20 s by
default) expires, 3 when an observation ended early or was refused.
Errors go to stderr.
"""

import argparse
import asyncio
import sys

import aiocoap
import aiocoap.error

EXIT_OK = 0
EXIT_TRANSPORT = 2
EXIT_OBSERVE_ENDED = 3

OCTET_STREAM = 42


def code_string(code):
    # aiocoap 0.4.17's Code has `class_` and `dotted` but no `detail`
    # attribute, so split the raw code byte (class << 5 | detail) directly.
    class_, detail = divmod(int(code), 32)
    return f"{class_}.{detail:02d}"


def text(payload):
    return payload.decode("utf-8", errors="replace")


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class ObservationEnded(Exception):
    pass


async def do_get(ctx, args):
    request = aiocoap.Message(code=aiocoap.GET, uri=args.uri)
    response = await ctx.request(request).response
    out(f"code={code_string(response.code)}")
    if args.out is not None:
        with open(args.out, "wb") as f:
            f.write(response.payload)
    else:
        out(text(response.payload))
    return EXIT_OK


async def do_upload(ctx, args, method):
    with open(args.infile, "rb") as f:
        body = f.read()
    request = aiocoap.Message(
        code=method, uri=args.uri, payload=body, content_format=OCTET_STREAM
    )
    response = await ctx.request(request).response
    out(f"code={code_string(response.code)}")
    out(text(response.payload))
    return EXIT_OK


async def do_observe(ctx, args):
    request = aiocoap.Message(code=aiocoap.GET, uri=args.uri, observe=0)
    pending = ctx.request(request)
    printed = 0
    try:
        first = await pending.response
        if not first.code.is_successful():
            raise ObservationEnded(
                f"observe request answered with code={code_string(first.code)}: "
                f"{text(first.payload)}"
            )
        out(f"notification={text(first.payload)}")
        printed += 1
        if printed >= args.count:
            return EXIT_OK
        if pending.observation is None:
            raise ObservationEnded("no observation was set up for this request")
        async for notification in pending.observation:
            if not notification.code.is_successful():
                raise ObservationEnded(
                    f"notification with code={code_string(notification.code)}: "
                    f"{text(notification.payload)}"
                )
            out(f"notification={text(notification.payload)}")
            printed += 1
            if printed >= args.count:
                return EXIT_OK
        raise ObservationEnded(
            f"observation ended after {printed} of {args.count} notifications"
        )
    finally:
        observation = pending.observation
        if observation is not None and not observation.cancelled:
            observation.cancel()


async def run(args):
    ctx = await aiocoap.Context.create_client_context()
    try:
        if args.command == "get":
            return await asyncio.wait_for(do_get(ctx, args), args.timeout)
        if args.command == "put":
            return await asyncio.wait_for(do_upload(ctx, args, aiocoap.PUT), args.timeout)
        if args.command == "post":
            return await asyncio.wait_for(do_upload(ctx, args, aiocoap.POST), args.timeout)
        if args.command == "observe":
            return await asyncio.wait_for(do_observe(ctx, args), args.timeout)
        raise AssertionError(args.command)
    except asyncio.TimeoutError:
        print(f"error: no complete answer within {args.timeout:g} s", file=sys.stderr)
        return EXIT_TRANSPORT
    except ObservationEnded as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_OBSERVE_ENDED
    except (aiocoap.error.Error, OSError) as e:
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_TRANSPORT
    finally:
        # Give shutdown a bounded time so a stuck exchange cannot hang the CLI.
        try:
            await asyncio.wait_for(ctx.shutdown(), 2)
        except Exception:
            pass


def parse_args(argv):
    parser = argparse.ArgumentParser(description="aiocoap interop client")
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="overall timeout in seconds (default 20)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("get", help="GET a resource")
    p.add_argument("uri")
    p.add_argument("--out", help="write the payload bytes to this file")

    for name in ("put", "post"):
        p = sub.add_parser(name, help=f"{name.upper()} a file's bytes")
        p.add_argument("uri")
        p.add_argument("--in", dest="infile", required=True, help="file to send")

    p = sub.add_parser("observe", help="observe a resource")
    p.add_argument("uri")
    p.add_argument("--count", type=int, required=True, help="lines to print")

    args = parser.parse_args(argv)
    if args.command == "observe" and args.count < 1:
        parser.error("--count must be at least 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return asyncio.run(run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

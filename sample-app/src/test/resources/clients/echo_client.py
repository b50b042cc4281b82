"""Talks to the sample app's sockets with Debian's python3-websockets, asking for permessage-deflate.

Arguments: the base URL (ws:// or wss://) and, for wss://, the PEM file of the certificate to trust.
"""
import asyncio
import ssl
import sys

import websockets


async def main(base, trusted=None):
    tls = ssl.create_default_context(cafile=trusted) if base.startswith("wss://") else None
    async with websockets.connect(base + "/echo", compression="deflate", ssl=tls) as ws:
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        print("extensions", extensions.split(";")[0])
        large = "compressible " * 5000
        await ws.send(large)
        print("large text", await ws.recv() == large)
        await ws.send(bytes(range(256)))
        print("binary", await ws.recv() == bytes(range(256)))
    async with websockets.connect(base + "/echo/7", ssl=tls) as ws:
        print("numbered", await ws.recv())
    async with websockets.connect(base + "/whoami", ssl=tls) as ws:
        print("whoami", await ws.recv())
        await ws.wait_closed()
        print("close", ws.close_code)


asyncio.run(main(*sys.argv[1:]))

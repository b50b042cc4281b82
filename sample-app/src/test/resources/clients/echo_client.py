"""Talks to the sample app's sockets with Debian's python3-websockets, asking for permessage-deflate."""
import asyncio
import sys

import websockets


async def main(base):
    async with websockets.connect(base + "/echo", compression="deflate") as ws:
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        print("extensions", extensions.split(";")[0])
        large = "compressible " * 5000
        await ws.send(large)
        print("large text", await ws.recv() == large)
        await ws.send(bytes(range(256)))
        print("binary", await ws.recv() == bytes(range(256)))
    async with websockets.connect(base + "/echo/7") as ws:
        print("numbered", await ws.recv())
    async with websockets.connect(base + "/whoami") as ws:
        print("whoami", await ws.recv())
        await ws.wait_closed()
        print("close", ws.close_code)


asyncio.run(main(sys.argv[1]))
